"""Matching a query against the site search's documents, in the reader's language
(courses/search_results.py puts the results together).

On PostgreSQL each word of the query is stemmed by the language's text search
configuration and matched as a prefix ("kurser" finds "kursen", "arbetsmiljö" finds
"arbetsmiljöarbete"). The words of the live documents (`SearchWord`) add, by trigrams,
the compounds a word is the middle or end of ("säkerhet" finds "informationssäkerhet")
and, for a word no document holds, those it is a likely typo of ("feedbak"). Titles
weigh most, then subject and instructor names, summaries, and last the body text.

On SQLite (`make run`) every word must occur in the text, in any case: simple and
correct, without stemming or typos.

Whatever the input, the query text reaching the database is built from words of letters
and digits only, so no input can be a syntax error.
"""

import difflib
from dataclasses import dataclass, field

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import Case, F, IntegerField, Q, Value, When

from courses.models import SearchWord
from courses.models.search import MAX_WORD_LENGTH, text_search_config, words_in

MAX_TERMS = 8
# Shorter words match whole words only: "it" would be the start of half the catalogue.
MIN_PREFIX_LENGTH = 3
# A word this long or longer also finds the compounds it is the middle or end of
# ("miljö" → "arbetsmiljöarbete"). Shorter ones find too much by chance ("kurs" in "konkurs").
MIN_COMPOUND_PART_LENGTH = 5
# The stemmer does not always agree with itself: Swedish "kurser" stems to "kurs" but
# "kurs" to "kur", so "kurser:*" would miss "kurs". A word the documents hold that the
# query word is an inflection of (the word plus one of these endings) is searched for
# too. Only inflections: "chefskap" is no form of "chef".
SWEDISH_ENDINGS = (
    "a e n r s t ar er or en et na ns ts rs ade are ast ens ets ers ars ors ern arna erna orna ande ende"
)
INFLECTION_ENDINGS = {"sv": frozenset(SWEDISH_ENDINGS.split())}
MIN_BASE_LENGTH = 3
MAX_ENDING_LENGTH = 4
MAX_COMPOUNDS = 20
# A word no document holds is taken for a typo of the words it is most like by trigrams:
# pg_trgm's word similarity (the typo against the best part of the word, which also
# covers the start of a compound) of at least its default threshold, 0.6. Measured on the
# demo's words: "feedbak" → feedback 0.75, "ledarskp" → ledarskap 0.78, "arbetsmijlö" →
# arbetsmiljö 0.67, "lösenrd" → lösenord 0.63; "digtala" → digitala is 0.55 and
# "fedbak" → feedback 0.44, so these two find nothing and are offered as "did you mean"
# (down to a similarity of 0.3).
MAX_TYPOS = 5
SUGGESTION_CUTOFF = 0.75  # SQLite: difflib's ratio


def terms_of(query: str) -> list[str]:
    """The query's distinct words, lower-cased: punctuation, quotes and operators drop out."""
    terms = []
    for word in words_in(query):
        if word[:MAX_WORD_LENGTH] not in terms:
            terms.append(word[:MAX_WORD_LENGTH])
    return terms[:MAX_TERMS]


@dataclass
class Term:
    word: str
    known: bool = True  # a document holds it, or a word it begins
    bases: list[str] = field(default_factory=list)  # words it is an inflection of
    compounds: list[str] = field(default_factory=list)
    typos: list[str] = field(default_factory=list)  # words it is likely a typo of, best first

    def options(self, strict: bool = False) -> list[str]:
        """Text search operands: the word as a prefix and the words it is an inflection of;
        unless `strict`, its compounds and, if no document holds it, what it is a typo of."""
        own = [f"{self.word}:*" if len(self.word) >= MIN_PREFIX_LENGTH else self.word, *self.bases]
        if strict:
            return own
        return [*own, *self.compounds, *([] if self.known else self.typos)]


# Each word's bases, compounds and typos, and whether a document holds it. Each part is
# an index lookup: "known" a range on the C-collated index (the words beginning with it
# sort between it and it followed by the last code point), compounds and typos the
# trigram index (`%>`: word similarity at least pg_trgm.word_similarity_threshold).
EXPANSION_SQL = """
SELECT t.word, k.known, b.words, c.words, s.words
FROM unnest(%(words)s::text[]) WITH ORDINALITY AS t(word, position)
CROSS JOIN LATERAL (
    SELECT EXISTS (
        SELECT FROM {table} w
        WHERE w.language = %(language)s
            AND w.word COLLATE "C" >= t.word AND w.word COLLATE "C" < t.word || chr(1114111)
    ) AS known
) k
CROSS JOIN LATERAL (
    SELECT array_agg(w.word ORDER BY w.word) AS words FROM {table} w
    WHERE w.language = %(language)s AND w.word IN (
        SELECT left(t.word, n)
        FROM generate_series(greatest(%(base)s, length(t.word) - %(ending)s), length(t.word) - 1) n
    )
) b
CROSS JOIN LATERAL (
    SELECT array_agg(word ORDER BY documents DESC, word) AS words FROM (
        SELECT w.word, w.documents FROM {table} w
        WHERE w.language = %(language)s AND length(t.word) >= %(compound_part)s
            AND w.word LIKE '%%' || t.word || '%%' AND w.word NOT LIKE t.word || '%%'
        ORDER BY w.documents DESC, w.word LIMIT %(compounds)s
    ) found
) c
CROSS JOIN LATERAL (
    SELECT array_agg(word ORDER BY score DESC, word) AS words FROM (
        SELECT w.word, word_similarity(t.word, w.word) AS score FROM {table} w
        WHERE w.language = %(language)s AND w.word %%> t.word
        ORDER BY score DESC, w.word LIMIT %(typos)s
    ) found
) s
ORDER BY t.position
"""

# When nothing was found: for each word no document holds, the nearest that one does, by
# the greater of trigram similarity and word similarity (down to pg_trgm's thresholds).
SUGGESTION_SQL = """
SELECT t.word, (
    SELECT w.word FROM {table} w
    WHERE w.language = %(language)s AND (w.word %% t.word OR w.word %%> t.word)
    ORDER BY greatest(similarity(w.word, t.word), word_similarity(t.word, w.word)) DESC,
        w.documents DESC, w.word
    LIMIT 1
)
FROM unnest(%(words)s::text[]) AS t(word)
"""


def run(sql: str, params: dict) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql.format(table=connection.ops.quote_name(SearchWord._meta.db_table)), params)
        return cursor.fetchall()


def expand(words: list[str], language: str) -> list[Term]:
    """PostgreSQL: each word with its bases, compounds and typos (one query)."""
    rows = run(
        EXPANSION_SQL,
        {
            "words": words,
            "language": language,
            "base": MIN_BASE_LENGTH,
            "ending": MAX_ENDING_LENGTH,
            "compound_part": MIN_COMPOUND_PART_LENGTH,
            "compounds": MAX_COMPOUNDS,
            "typos": MAX_TYPOS,
        },
    )
    endings = INFLECTION_ENDINGS.get(language, frozenset())
    return [
        Term(
            word,
            known,
            [base for base in bases or [] if word[len(base) :] in endings],
            compounds or [],
            typos or [],
        )
        for word, known, bases, compounds, typos in rows
    ]


def nearest_words(words: list[str], language: str) -> dict[str, str]:
    """PostgreSQL: the nearest word the documents hold to each of `words`, where one is near."""
    if not words:
        return {}
    return {word: near for word, near in run(SUGGESTION_SQL, {"words": words, "language": language}) if near}


class Plan:
    """What a query looks for in one language, and how to match and rank it."""

    def __init__(self, terms: list[Term], language: str):
        self.terms = terms
        self.language = language
        self.postgresql = connection.vendor == "postgresql"

    @classmethod
    def for_words(cls, words: list[str], language: str) -> "Plan":
        if connection.vendor != "postgresql" or not words:
            return cls([Term(word) for word in words], language)
        return cls(expand(words, language), language)

    def text_query(self, strict: bool = False) -> SearchQuery:
        text = " & ".join(f"({' | '.join(term.options(strict))})" for term in self.terms)
        return SearchQuery(text, search_type="raw", config=text_search_config(self.language))

    def match(self, documents, strict: bool = False):
        """`documents` (a SearchDocument queryset) narrowed to those matching every term."""
        if not self.terms:
            return documents.none()
        if self.postgresql:
            return documents.filter(vector=self.text_query(strict))
        condition = Q()
        for term in self.terms:
            condition &= contains_q(term.word)
        return documents.filter(condition)

    def rank(self, documents):
        """Best first: words as typed before their compounds and typos; titles before names,
        summaries and body text."""
        if not self.terms:
            return documents.order_by("title", "pk")
        if self.postgresql:
            vector = F("vector")
            rank = SearchRank(vector, self.text_query()) + SearchRank(vector, self.text_query(strict=True))
        else:
            in_title = Q()
            for term in self.terms:
                in_title &= contains_q(term.word, fields=("title",))
            rank = Case(When(in_title, then=Value(1)), default=Value(0), output_field=IntegerField())
        return documents.annotate(rank=rank).order_by("-rank", "title", "pk")

    def suggestion(self, documents) -> str:
        """A query close to this one that finds something among `documents`, or ""."""
        if self.postgresql:
            near = nearest_words([term.word for term in self.terms if not term.known], self.language)
            words = [near.get(term.word, term.word) for term in self.terms]
        else:
            words = [close_word(term.word, self.language) for term in self.terms]
        if words == [term.word for term in self.terms]:
            return ""
        suggested = Plan([Term(word) for word in words], self.language)
        return " ".join(words) if suggested.match(documents, strict=True).exists() else ""


def contains_q(word: str, fields=("title", "names", "summary", "body")) -> Q:
    """The word anywhere in the document's text. SQLite's LIKE ignores the case of ASCII
    letters only, so a capitalised and an upper-case form are tried as well ("översikt"
    in "Översikt")."""
    forms = {word} if word.isascii() else {word, word.capitalize(), word.upper()}
    condition = Q()
    for name in fields:
        for form in forms:
            condition |= Q(**{f"{name}__icontains": form})
    return condition


def close_word(word: str, language: str) -> str:
    """SQLite: the nearest word of the documents with the same first letter, or `word`."""
    if SearchWord.objects.filter(language=language, word__startswith=word).exists():
        return word
    candidates = SearchWord.objects.filter(language=language, word__startswith=word[:1]).values_list(
        "word", flat=True
    )
    return next(iter(difflib.get_close_matches(word, candidates[:5000], n=1, cutoff=SUGGESTION_CUTOFF)), word)
