"""The demo catalogue's words, Swedish (source) and English, side by side."""

CATALOGUE = {
    "sv": {
        "title": "Kurser",
        "slug": "kurser",
        "intro": "Webbstreamade kurser för hela företaget. Filtrera på ämne, nivå, språk och format.",
    },
    "en": {
        "title": "Courses",
        "slug": "courses",
        "intro": "Web-streamed courses for the whole company. Filter by subject, level, language and format.",
    },
}

SELLERS = [
    {"name": "Cloocast Akademi", "en": "Cloocast Academy", "colour": (18, 53, 91)},
    {"name": "Nordisk Kompetens AB", "en": "Nordisk Kompetens AB", "colour": (11, 110, 79)},
    {"name": "Trygg Arbetsplats AB", "en": "Trygg Arbetsplats AB", "colour": (124, 45, 18)},
]

SUBJECTS = [
    ("dataskydd", "Dataskydd", "data-protection", "Data protection"),
    ("ledarskap", "Ledarskap", "leadership", "Leadership"),
    ("arbetsmiljo", "Arbetsmiljö", "workplace-safety", "Workplace safety"),
    ("it", "IT och digitalt", "it-and-digital", "IT and digital"),
]

INSTRUCTORS = [
    {
        "name": "Karin Lind",
        "sv": (
            "Jurist, dataskydd",
            "Karin har arbetat med dataskydd i tjugo år och hjälper företag att göra rätt från början.",
        ),
        "en": (
            "Lawyer, data protection",
            "Karin has worked with data protection for twenty years and helps companies get it right from the start.",
        ),
    },
    {
        "name": "Johan Berg",
        "sv": ("Ledarskapskonsult", "Johan utbildar chefer i hela Norden i samtal, feedback och förändring."),
        "en": (
            "Leadership consultant",
            "Johan trains managers across the Nordics in conversations, feedback and change.",
        ),
    },
    {
        "name": "Amira Haddad",
        "sv": (
            "Skyddsingenjör",
            "Amira leder arbetsmiljöarbete i industri och kontor och vet vad som fungerar i vardagen.",
        ),
        "en": (
            "Safety engineer",
            "Amira leads safety work in industry and offices and knows what works day to day.",
        ),
    },
]

# (seller index, subject slug, level, format, teaching language, minutes, price SEK, instructor index, sv, en)
COURSES = [
    (
        0,
        "dataskydd",
        "beginner",
        "self_paced",
        "sv",
        90,
        1490,
        0,
        (
            "GDPR för alla medarbetare",
            "Grunderna i dataskyddsförordningen, så att alla vet vad som gäller när de hanterar personuppgifter.",
            "Hanterar personuppgifter i det dagliga arbetet",
        ),
        (
            "GDPR for every employee",
            "The basics of the General Data Protection Regulation, so that everyone knows the rules when handling personal data.",
            "Handle personal data in their daily work",
        ),
    ),
    (
        0,
        "dataskydd",
        "intermediate",
        "guided",
        "sv",
        180,
        3900,
        0,
        (
            "Dataskyddsombudets verktygslåda",
            "Registerförteckning, konsekvensbedömningar och incidenter: det dataskyddsombudet behöver i praktiken.",
            "Är eller ska bli dataskyddsombud",
        ),
        (
            "The data protection officer's toolkit",
            "Records of processing, impact assessments and breaches: what a data protection officer needs in practice.",
            "Are or will become data protection officers",
        ),
    ),
    (
        0,
        "dataskydd",
        "advanced",
        "self_paced",
        "en",
        120,
        2900,
        0,
        (
            "Inbyggt dataskydd i mjukvara",
            "Hur utvecklingsteam bygger in dataskydd från början: gallring, export och radering i koden.",
            "Bygger eller köper system",
        ),
        (
            "Privacy by design in software",
            "How development teams build privacy in from the start: retention, export and erasure in code.",
            "Build or buy systems",
        ),
    ),
    (
        0,
        "it",
        "beginner",
        "short",
        "sv",
        45,
        690,
        0,
        (
            "Säkra lösenord och tvåfaktorsinloggning",
            "En kort kurs om lösenordshanterare, nätfiske och tvåfaktorsinloggning.",
            "Använder datorer i arbetet",
        ),
        (
            "Strong passwords and two-factor login",
            "A short course on password managers, phishing and two-factor login.",
            "Use computers at work",
        ),
    ),
    (
        1,
        "ledarskap",
        "beginner",
        "self_paced",
        "sv",
        120,
        1990,
        1,
        (
            "Ny som chef",
            "De första hundra dagarna som chef: förväntningar, samtal och prioriteringar.",
            "Är nya chefer eller snart ska bli det",
        ),
        (
            "New to management",
            "Your first hundred days as a manager: expectations, conversations and priorities.",
            "Are new managers or will soon be",
        ),
    ),
    (
        1,
        "ledarskap",
        "intermediate",
        "guided",
        "sv",
        150,
        2490,
        1,
        (
            "Feedback som fungerar",
            "Att ge och ta emot feedback som leder till förändring, med övningar för arbetsgruppen.",
            "Leder team och vill utveckla samtalen",
        ),
        (
            "Feedback that works",
            "Giving and receiving feedback that leads to change, with exercises for the team.",
            "Lead teams and want better conversations",
        ),
    ),
    (
        1,
        "ledarskap",
        "advanced",
        "self_paced",
        "en",
        200,
        3490,
        1,
        (
            "Leda förändring",
            "Hur du planerar, kommunicerar och följer upp en förändring så att den håller.",
            "Ansvarar för förändringsarbete",
        ),
        (
            "Leading change",
            "How to plan, communicate and follow up a change so that it lasts.",
            "Are responsible for change",
        ),
    ),
    (
        1,
        "it",
        "intermediate",
        "short",
        "sv",
        50,
        790,
        1,
        (
            "Effektiva digitala möten",
            "Struktur, verktyg och vanor för möten på distans som ger resultat.",
            "Håller eller deltar i digitala möten",
        ),
        (
            "Effective online meetings",
            "Structure, tools and habits for remote meetings that get results.",
            "Run or join online meetings",
        ),
    ),
    (
        2,
        "arbetsmiljo",
        "beginner",
        "self_paced",
        "sv",
        60,
        990,
        2,
        (
            "Systematiskt arbetsmiljöarbete",
            "Så undersöker, riskbedömer och följer ni upp arbetsmiljön enligt föreskrifterna.",
            "Chefer och skyddsombud",
        ),
        (
            "Systematic work environment management",
            "How to investigate, assess risks and follow up the work environment as the regulations require.",
            "Managers and safety representatives",
        ),
    ),
    (
        2,
        "arbetsmiljo",
        "intermediate",
        "guided",
        "sv",
        120,
        2290,
        2,
        (
            "Organisatorisk och social arbetsmiljö",
            "Arbetsbelastning, arbetstid och kränkande särbehandling: att förebygga i stället för att släcka bränder.",
            "Arbetar med personalfrågor",
        ),
        (
            "Organisational and social work environment",
            "Workload, working hours and victimisation: preventing problems instead of fighting fires.",
            "Work with people and HR",
        ),
    ),
    (
        2,
        "arbetsmiljo",
        "beginner",
        "short",
        "en",
        30,
        490,
        2,
        (
            "Ergonomi vid skrivbordet",
            "Små ändringar av stol, skärm och vanor som gör stor skillnad.",
            "Arbetar vid skrivbord",
        ),
        (
            "Desk ergonomics",
            "Small changes to chair, screen and habits that make a big difference.",
            "Work at a desk",
        ),
    ),
    (
        2,
        "arbetsmiljo",
        "advanced",
        "self_paced",
        "sv",
        240,
        4490,
        2,
        (
            "Utredning av olyckor och tillbud",
            "Metoder för att utreda händelser, hitta orsaker och förhindra att de händer igen.",
            "Utreder olyckor och tillbud",
        ),
        (
            "Investigating accidents and incidents",
            "Methods for investigating events, finding causes and preventing them from happening again.",
            "Investigate accidents and incidents",
        ),
    ),
]

DESCRIPTION = {
    "sv": [
        "Kursen består av korta videolektioner som du ser i din egen takt, med exempel från verkliga arbetsplatser.",
        "Efter varje modul finns en sammanfattning som du kan ladda ned och dela med kollegorna.",
    ],
    "en": [
        "The course consists of short video lessons you watch at your own pace, with examples from real workplaces.",
        "After each module there is a summary you can download and share with your colleagues.",
    ],
}
OUTCOMES = {
    "sv": [
        "Förstå de viktigaste begreppen",
        "Tillämpa kunskaperna i ditt eget arbete",
        "Veta var du hittar mer stöd",
    ],
    "en": [
        "Understand the key concepts",
        "Apply what you learn in your own work",
        "Know where to find more support",
    ],
}
PREREQUISITES = {"sv": "Inga särskilda förkunskaper krävs.", "en": "No particular prior knowledge is needed."}

# Two modules of two lessons each: (sv title, en title, [(sv lesson, en lesson, free preview), ...])
MODULES = [
    (
        "Kom igång",
        "Getting started",
        [("Välkommen till kursen", "Welcome to the course", True), ("Grundbegrepp", "Key concepts", False)],
    ),
    (
        "I praktiken",
        "In practice",
        [
            ("Ett exempel från verkligheten", "A real-world example", False),
            ("Sammanfattning och nästa steg", "Summary and next steps", False),
        ],
    ),
]
MODULE_SUMMARY = {
    "sv": "Modulens lektioner bygger på varandra.",
    "en": "The module's lessons build on each other.",
}
LESSON_SUMMARY = {
    "sv": "En kort videolektion med en sammanfattning.",
    "en": "A short video lesson with a summary.",
}
LESSON_TEXT = {
    "sv": "Se videon och läs sammanfattningen nedan.",
    "en": "Watch the video and read the summary below.",
}
