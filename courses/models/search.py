"""What the site's search reads: one document per live course, lesson and news page, and
the words they hold (courses/search_index.py keeps both, courses/search.py queries them)."""

import re
import unicodedata

from django.contrib.postgres.indexes import GinIndex, OpClass
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import models
from django.db.models import Case, F, Value, When
from django.db.models.functions import Collate
from django.utils.translation import gettext_lazy as _

# PostgreSQL's text search configuration for each language: its stemmer and stop words.
TEXT_SEARCH_CONFIGS = {"sv": "swedish", "en": "english"}
FALLBACK_TEXT_SEARCH_CONFIG = "simple"


# A word: letters and digits. Underscores and every other character separate words, so
# that no word can carry text search or LIKE syntax.
WORD = re.compile(r"[^\W_]+")
MIN_WORD_LENGTH = 2
MAX_WORD_LENGTH = 40


def text_search_config(language: str) -> str:
    return TEXT_SEARCH_CONFIGS.get(language, FALLBACK_TEXT_SEARCH_CONFIG)


def words_in(text: str) -> list[str]:
    """The words of `text`, lower-cased, in order, each as often as it occurs."""
    return WORD.findall(unicodedata.normalize("NFKC", text).lower())


def lexicon_words(*texts: str) -> set[str]:
    """The words worth keeping in `SearchWord`: not a lone letter, not a number, not a
    run-on string longer than any word."""
    return {
        word
        for text in texts
        for word in words_in(text)
        if MIN_WORD_LENGTH <= len(word) <= MAX_WORD_LENGTH and not word.isdigit()
    }


class WeightedVector(Case):
    """The document's words, stemmed in its language: title A, subject and instructors B,
    summary C, body D. PostgreSQL only; elsewhere the column stays empty and the search
    falls back to matching the text (courses/search.py)."""

    def as_sqlite(self, compiler, connection, **extra_context):
        return "NULL", []


def weighted_vector() -> WeightedVector:
    def vector(config):
        return (
            SearchVector("title", config=Value(config), weight="A")
            + SearchVector("names", config=Value(config), weight="B")
            + SearchVector("summary", config=Value(config), weight="C")
            + SearchVector("body", config=Value(config), weight="D")
        )

    return WeightedVector(
        *[When(language=code, then=vector(config)) for code, config in sorted(TEXT_SEARCH_CONFIGS.items())],
        default=vector(FALLBACK_TEXT_SEARCH_CONFIG),
        output_field=SearchVectorField(),
    )


class SearchDocument(models.Model):
    """The public text of one live page in its language, as the site's search reads it.

    Only what the page shows to anyone: a lesson's summary, never its text for learners.
    A course's document also carries what the catalogue's filters look at, so that a
    search counts, filters and ranks in this one table, however large the catalogue.
    """

    class Kind(models.TextChoices):
        COURSE = "course", _("Course")
        LESSON = "lesson", _("Lesson")
        NEWS = "news", _("News item")

    page = models.OneToOneField(
        "wagtailcore.Page", on_delete=models.CASCADE, primary_key=True, related_name="search_document"
    )
    language = models.CharField(max_length=8)  # the page's locale
    kind = models.CharField(max_length=10, choices=Kind.choices)
    title = models.TextField()
    names = models.TextField(blank=True)  # a course's subject and instructors
    summary = models.TextField(blank=True)
    body = models.TextField(blank=True)
    # A course's, as on its page (courses.CoursePage); empty for lessons and news.
    subject = models.ForeignKey(
        "courses.Subject", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    level = models.CharField(max_length=20, blank=True)
    format = models.CharField(max_length=20, blank=True)
    teaching_language = models.CharField(max_length=5, blank=True)
    vector = models.GeneratedField(
        expression=weighted_vector(), output_field=SearchVectorField(null=True), db_persist=True
    )

    class Meta:
        # On PostgreSQL only (migration 0011): SQLite has no GIN. Without GIN's pending
        # list: written on publishing only, read on every search, which would otherwise
        # scan the list's unmerged entries one by one until the next vacuum.
        indexes = [GinIndex(fields=["vector"], name="courses_search_vector", fastupdate=False)]

    def __str__(self):
        return self.title

    def words(self) -> set[str]:
        return lexicon_words(self.title, self.names, self.summary, self.body)


class SearchWord(models.Model):
    """A word of the live documents in one language, and how many documents hold it: what
    compound words, typos and "did you mean" are matched against (by trigrams)."""

    language = models.CharField(max_length=8)
    word = models.CharField(max_length=MAX_WORD_LENGTH)
    documents = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["language", "word"], name="courses_search_word_unique")
        ]
        # On PostgreSQL only (migration 0011): trigrams for compounds and typos, and the
        # words in byte order for "is it the start of a word" (a range scan).
        indexes = [
            GinIndex(OpClass("word", name="gin_trgm_ops"), name="courses_search_word_trgm", fastupdate=False),
            models.Index(F("language"), Collate("word", "C"), name="courses_search_word_prefix"),
        ]

    def __str__(self):
        return self.word
