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

# What each lesson video says, per course (in COURSES' order) and lesson (in MODULES'
# order): three points, each shown on a slide and spoken as one sentence. The video is
# narrated in the course's teaching language; the other language is its caption track.
LESSON_INTRO = {
    "sv": "{lesson}, i kursen {course}.",
    "en": "{lesson}, from the course {course}.",
}
LESSON_POINTS = [
    [  # GDPR för alla medarbetare
        {
            "sv": (
                "Personuppgifter finns i nästan allt vi gör på jobbet.",
                "Kursen visar vad lagen kräver av dig.",
                "Varje lektion tar bara några minuter.",
            ),
            "en": (
                "Personal data is part of almost everything we do at work.",
                "The course shows what the law asks of you.",
                "Each lesson takes only a few minutes.",
            ),
        },
        {
            "sv": (
                "En personuppgift är allt som kan kopplas till en person.",
                "Varje behandling behöver en rättslig grund.",
                "Samla bara in det som verkligen behövs.",
            ),
            "en": (
                "Personal data is anything that can be linked to a person.",
                "Every kind of processing needs a legal basis.",
                "Collect only what you really need.",
            ),
        },
        {
            "sv": (
                "En kund ber att få se sina uppgifter.",
                "Företaget har en månad på sig att svara.",
                "Skicka begäran vidare till dataskyddsombudet direkt.",
            ),
            "en": (
                "A customer asks to see their data.",
                "The company has one month to reply.",
                "Pass the request to the data protection officer straight away.",
            ),
        },
        {
            "sv": (
                "Tänk efter innan du sparar personuppgifter.",
                "Radera det som inte längre behövs.",
                "Fråga dataskyddsombudet när du är osäker.",
            ),
            "en": (
                "Think before you store personal data.",
                "Delete what is no longer needed.",
                "Ask the data protection officer when in doubt.",
            ),
        },
    ],
    [  # Dataskyddsombudets verktygslåda
        {
            "sv": (
                "Dataskyddsombudet granskar, ger råd och är kontaktpunkt.",
                "Kursen går igenom verktygen du behöver.",
                "Du arbetar med mallar från riktiga organisationer.",
            ),
            "en": (
                "The data protection officer reviews, advises and is the point of contact.",
                "The course covers the tools you need.",
                "You work with templates from real organisations.",
            ),
        },
        {
            "sv": (
                "Registerförteckningen visar alla behandlingar.",
                "En konsekvensbedömning behövs när risken är hög.",
                "En incident ska anmälas inom 72 timmar.",
            ),
            "en": (
                "The record of processing lists every processing activity.",
                "An impact assessment is needed when the risk is high.",
                "A breach must be reported within 72 hours.",
            ),
        },
        {
            "sv": (
                "Ett mejl skickas till fel mottagare.",
                "Bedöm risken för de registrerade.",
                "Dokumentera händelsen, även om den inte anmäls.",
            ),
            "en": (
                "An e-mail is sent to the wrong recipient.",
                "Assess the risk to the people concerned.",
                "Document the breach, even if it is not reported.",
            ),
        },
        {
            "sv": (
                "Håll registerförteckningen aktuell.",
                "Gör konsekvensbedömningar tidigt i projekten.",
                "Öva på incidenter innan de händer.",
            ),
            "en": (
                "Keep the record of processing up to date.",
                "Do impact assessments early in projects.",
                "Practise breaches before they happen.",
            ),
        },
    ],
    [  # Inbyggt dataskydd i mjukvara (taught in English)
        {
            "sv": (
                "Dataskydd är lättast att bygga in från början.",
                "Kursen riktar sig till utvecklare och beställare.",
                "Exemplen kommer från riktiga system.",
            ),
            "en": (
                "Privacy is easiest to build in from the start.",
                "The course is for developers and buyers of systems.",
                "The examples come from real systems.",
            ),
        },
        {
            "sv": (
                "Dataminimering: spara bara det som behövs.",
                "Gallring: bestäm hur länge varje uppgift sparas.",
                "Export och radering ska fungera från dag ett.",
            ),
            "en": (
                "Data minimisation: store only what is needed.",
                "Retention: decide how long each field is kept.",
                "Export and erasure must work from day one.",
            ),
        },
        {
            "sv": (
                "Ett kundregister sparar allt för alltid.",
                "Teamet inför gallring med ett schemalagt jobb.",
                "Ett test visar att gallringen verkligen sker.",
            ),
            "en": (
                "A customer database keeps everything forever.",
                "The team adds retention with a scheduled job.",
                "A test proves that the retention really runs.",
            ),
        },
        {
            "sv": (
                "Förteckna personuppgifterna i koden.",
                "Testa export och radering automatiskt.",
                "Se dataskydd som en del av kvaliteten.",
            ),
            "en": (
                "List the personal data in the code.",
                "Test export and erasure automatically.",
                "Treat privacy as part of quality.",
            ),
        },
    ],
    [  # Säkra lösenord och tvåfaktorsinloggning
        {
            "sv": (
                "De flesta intrång börjar med ett stulet lösenord.",
                "Kursen tar bara en kvart.",
                "Du lär dig tre vanor som skyddar dig.",
            ),
            "en": (
                "Most breaches start with a stolen password.",
                "The course takes only a quarter of an hour.",
                "You learn three habits that protect you.",
            ),
        },
        {
            "sv": (
                "Ett långt lösenord är starkare än ett krångligt.",
                "En lösenordshanterare kommer ihåg åt dig.",
                "Tvåfaktorsinloggning stoppar de flesta angrepp.",
            ),
            "en": (
                "A long password is stronger than a complicated one.",
                "A password manager remembers for you.",
                "Two-factor login stops most attacks.",
            ),
        },
        {
            "sv": (
                "Ett mejl ber dig logga in på en okänd sida.",
                "Adressen liknar företagets, men den är fel.",
                "Du rapporterar mejlet och loggar inte in.",
            ),
            "en": (
                "An e-mail asks you to log in on an unknown site.",
                "The address looks like the company's, but it is wrong.",
                "You report the e-mail and do not log in.",
            ),
        },
        {
            "sv": (
                "Använd ett unikt lösenord för varje tjänst.",
                "Slå på tvåfaktorsinloggning överallt.",
                "Rapportera misstänkta mejl direkt.",
            ),
            "en": (
                "Use a unique password for every service.",
                "Turn on two-factor login everywhere.",
                "Report suspicious e-mails at once.",
            ),
        },
    ],
    [  # Ny som chef
        {
            "sv": (
                "De första hundra dagarna sätter tonen.",
                "Kursen följer en ny chef från start.",
                "Du får verktyg för samtal och prioriteringar.",
            ),
            "en": (
                "The first hundred days set the tone.",
                "The course follows a new manager from the start.",
                "You get tools for conversations and priorities.",
            ),
        },
        {
            "sv": (
                "Klargör förväntningarna med din egen chef.",
                "Lär känna varje medarbetare i enskilda samtal.",
                "Välj få mål och följ upp dem.",
            ),
            "en": (
                "Agree on expectations with your own manager.",
                "Get to know each person in one-to-one meetings.",
                "Choose a few goals and follow them up.",
            ),
        },
        {
            "sv": (
                "Anna blir chef för sina tidigare kollegor.",
                "Hon pratar med var och en under första veckan.",
                "Teamet får veta vad som ändras och vad som består.",
            ),
            "en": (
                "Anna becomes the manager of her former colleagues.",
                "She talks with each of them in the first week.",
                "The team learns what changes and what stays.",
            ),
        },
        {
            "sv": (
                "Lyssna först, ändra sedan.",
                "Boka in regelbundna enskilda samtal.",
                "Be om feedback på ditt eget ledarskap.",
            ),
            "en": (
                "Listen first, change later.",
                "Book regular one-to-one meetings.",
                "Ask for feedback on your own leadership.",
            ),
        },
    ],
    [  # Feedback som fungerar
        {
            "sv": (
                "Feedback är det billigaste verktyget för utveckling.",
                "Kursen övar både att ge och att ta emot.",
                "Övningarna gör ni tillsammans i arbetsgruppen.",
            ),
            "en": (
                "Feedback is the cheapest tool for growth.",
                "The course practises both giving and receiving.",
                "You do the exercises together with your team.",
            ),
        },
        {
            "sv": (
                "Beskriv beteendet, inte personen.",
                "Säg vilken effekt beteendet fick.",
                "Avsluta med en fråga, inte en dom.",
            ),
            "en": (
                "Describe the behaviour, not the person.",
                "Say what effect the behaviour had.",
                "End with a question, not a verdict.",
            ),
        },
        {
            "sv": (
                "Ett projekt missar sin tidsplan igen.",
                "Chefen beskriver vad som hände och frågar varför.",
                "Tillsammans hittar de ett bättre arbetssätt.",
            ),
            "en": (
                "A project misses its deadline again.",
                "The manager describes what happened and asks why.",
                "Together they find a better way of working.",
            ),
        },
        {
            "sv": (
                "Ge feedback ofta och i små doser.",
                "Tacka för den feedback du får.",
                "Följ upp det ni kom överens om.",
            ),
            "en": (
                "Give feedback often and in small doses.",
                "Say thank you for the feedback you receive.",
                "Follow up on what you agreed.",
            ),
        },
    ],
    [  # Leda förändring (taught in English)
        {
            "sv": (
                "De flesta förändringar misslyckas i genomförandet.",
                "Kursen visar hur du planerar en förändring som håller.",
                "Under kursen arbetar du med en egen förändring.",
            ),
            "en": (
                "Most changes fail in how they are carried out.",
                "The course shows how to plan a change that lasts.",
                "During the course you work on a change of your own.",
            ),
        },
        {
            "sv": (
                "Förklara varför förändringen behövs.",
                "Involvera dem som berörs tidigt.",
                "Mät om förändringen faktiskt sker.",
            ),
            "en": (
                "Explain why the change is needed.",
                "Involve the people affected early.",
                "Measure whether the change really happens.",
            ),
        },
        {
            "sv": (
                "Ett företag byter till ett nytt ärendesystem.",
                "Nyckelpersoner provar systemet först.",
                "Efter tre månader använder alla det.",
            ),
            "en": (
                "A company moves to a new ticket system.",
                "Key people try the system first.",
                "After three months everyone uses it.",
            ),
        },
        {
            "sv": (
                "Börja med varför.",
                "Ge människor tid att ställa om.",
                "Fira delmålen på vägen.",
            ),
            "en": (
                "Start with why.",
                "Give people time to adjust.",
                "Celebrate the milestones on the way.",
            ),
        },
    ],
    [  # Effektiva digitala möten
        {
            "sv": (
                "Många möten kan bli kortare och bättre.",
                "Kursen ger struktur, verktyg och vanor.",
                "Du kan använda tipsen redan i nästa möte.",
            ),
            "en": (
                "Many meetings can be shorter and better.",
                "The course gives you structure, tools and habits.",
                "You can use the tips in your very next meeting.",
            ),
        },
        {
            "sv": (
                "Varje möte behöver ett syfte och en dagordning.",
                "Bestäm vem som leder och vem som antecknar.",
                "Avsluta med beslut och nästa steg.",
            ),
            "en": (
                "Every meeting needs a purpose and an agenda.",
                "Decide who leads and who takes notes.",
                "End with decisions and next steps.",
            ),
        },
        {
            "sv": (
                "Ett veckomöte drar ofta över tiden.",
                "Teamet inför en tydlig dagordning och en tidshållare.",
                "Nu tar mötet halva tiden.",
            ),
            "en": (
                "A weekly meeting often runs over time.",
                "The team brings in a clear agenda and a timekeeper.",
                "Now the meeting takes half the time.",
            ),
        },
        {
            "sv": (
                "Skicka dagordningen i förväg.",
                "Håll tiden.",
                "Dela besluten skriftligt efteråt.",
            ),
            "en": (
                "Send the agenda in advance.",
                "Keep to time.",
                "Share the decisions in writing afterwards.",
            ),
        },
    ],
    [  # Systematiskt arbetsmiljöarbete
        {
            "sv": (
                "Alla arbetsgivare ska arbeta systematiskt med arbetsmiljön.",
                "Kursen följer årets arbete steg för steg.",
                "Du får mallar för undersökning och uppföljning.",
            ),
            "en": (
                "Every employer must manage the work environment systematically.",
                "The course follows the year's work step by step.",
                "You get templates for investigation and follow-up.",
            ),
        },
        {
            "sv": (
                "Undersök arbetsmiljön regelbundet.",
                "Bedöm riskerna och åtgärda dem.",
                "Följ upp att åtgärderna fungerar.",
            ),
            "en": (
                "Investigate the work environment regularly.",
                "Assess the risks and act on them.",
                "Check that the measures work.",
            ),
        },
        {
            "sv": (
                "På ett lager halkar flera personer samma vinter.",
                "En riskbedömning pekar ut entrén.",
                "Nya mattor och sandning löser problemet.",
            ),
            "en": (
                "At a warehouse, several people slip in the same winter.",
                "A risk assessment points to the entrance.",
                "New mats and gritting solve the problem.",
            ),
        },
        {
            "sv": (
                "Gör arbetsmiljöarbetet till en del av vardagen.",
                "Involvera skyddsombudet.",
                "Dokumentera och följ upp varje år.",
            ),
            "en": (
                "Make the work part of everyday life.",
                "Involve the safety representative.",
                "Document and follow up every year.",
            ),
        },
    ],
    [  # Organisatorisk och social arbetsmiljö
        {
            "sv": (
                "Stress och hög arbetsbelastning kostar mycket.",
                "Kursen handlar om att förebygga i tid.",
                "Du får stöd för samtal om arbetsbelastning.",
            ),
            "en": (
                "Stress and a heavy workload are costly.",
                "The course is about preventing problems in time.",
                "You get support for conversations about workload.",
            ),
        },
        {
            "sv": (
                "Arbetsbelastningen ska stå i proportion till resurserna.",
                "Arbetstiden ska ge tid för återhämtning.",
                "Kränkande särbehandling accepteras aldrig.",
            ),
            "en": (
                "The workload must match the resources.",
                "Working hours must leave time for recovery.",
                "Victimisation is never accepted.",
            ),
        },
        {
            "sv": (
                "En medarbetare arbetar över varje kväll.",
                "Chefen tar upp det i ett samtal.",
                "Tillsammans prioriterar de bort vissa uppgifter.",
            ),
            "en": (
                "An employee works late every evening.",
                "The manager raises it in a conversation.",
                "Together they drop some of the tasks.",
            ),
        },
        {
            "sv": (
                "Prata om arbetsbelastning regelbundet.",
                "Agera tidigt på tecken på ohälsa.",
                "Ha tydliga rutiner mot kränkningar.",
            ),
            "en": (
                "Talk about workload regularly.",
                "Act early on signs of ill health.",
                "Have clear procedures against victimisation.",
            ),
        },
    ],
    [  # Ergonomi vid skrivbordet (taught in English)
        {
            "sv": (
                "Små ändringar vid skrivbordet gör stor skillnad.",
                "Kursen tar en halvtimme.",
                "Du kan prova allt vid din egen plats.",
            ),
            "en": (
                "Small changes at your desk make a big difference.",
                "The course takes half an hour.",
                "You can try everything at your own desk.",
            ),
        },
        {
            "sv": (
                "Ställ in stolen så att fötterna når golvet.",
                "Skärmens överkant ska vara i ögonhöjd.",
                "Byt ställning ofta under dagen.",
            ),
            "en": (
                "Set your chair so that your feet reach the floor.",
                "The top of the screen should be at eye level.",
                "Change position often during the day.",
            ),
        },
        {
            "sv": (
                "En medarbetare får ont i nacken varje eftermiddag.",
                "Skärmen står för lågt och för långt bort.",
                "Efter en justering försvinner besvären.",
            ),
            "en": (
                "An employee gets a stiff neck every afternoon.",
                "The screen is too low and too far away.",
                "After an adjustment, the pain goes away.",
            ),
        },
        {
            "sv": (
                "Ställ in stol och skärm efter dig.",
                "Ta korta pauser varje timme.",
                "Be om hjälp om något gör ont.",
            ),
            "en": (
                "Adjust your chair and screen to fit you.",
                "Take short breaks every hour.",
                "Ask for help if something hurts.",
            ),
        },
    ],
    [  # Utredning av olyckor och tillbud
        {
            "sv": (
                "Varje tillbud är en varning som går att lära av.",
                "Kursen visar hur du utreder en händelse.",
                "Du övar på fall från verkliga arbetsplatser.",
            ),
            "en": (
                "Every near miss is a warning you can learn from.",
                "The course shows how to investigate an event.",
                "You practise on cases from real workplaces.",
            ),
        },
        {
            "sv": (
                "Samla fakta innan du drar slutsatser.",
                "Leta efter orsaker i flera led.",
                "Sök åtgärder, inte syndabockar.",
            ),
            "en": (
                "Gather the facts before drawing conclusions.",
                "Look for causes at several levels.",
                "Look for measures, not scapegoats.",
            ),
        },
        {
            "sv": (
                "En truck kör nästan på en fotgängare.",
                "Utredningen visar att gångvägen saknar markering.",
                "Gångvägen märks ut och en olycka förhindras.",
            ),
            "en": (
                "A forklift truck nearly hits a pedestrian.",
                "The investigation shows that the walkway is not marked.",
                "The walkway is marked and an accident is prevented.",
            ),
        },
        {
            "sv": (
                "Rapportera alla tillbud.",
                "Utred orsakerna i flera led.",
                "Följ upp att åtgärderna fungerar.",
            ),
            "en": (
                "Report every near miss.",
                "Investigate the causes at several levels.",
                "Check that the measures work.",
            ),
        },
    ],
]
# The public trailer of each seller's courses: a title slide, without narration.
TRAILER_TAGLINE = "Kurser · Courses"
