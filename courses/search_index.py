"""Keeping the site search's documents and words in step with the live pages.

A course, lesson or news page saved live gets its document (re)written; unpublished, its
document goes; deleted, its document goes with it (a cascade). Renaming or deleting a
subject or an instructor rewrites the documents of its courses. Whether a page may be
shown (live, outside private sections) and its price are read when searching, never
stored here. `SearchWord` counts the documents holding each word, so a word no live
document holds any more (an erased instructor's name) leaves the table at once.
"""

from collections import Counter
from itertools import islice

from django.db import connection, connections, transaction

from wagtail import blocks
from wagtail.models import Page

from courses.models import CoursePage, Instructor, LessonPage, SearchDocument, SearchWord, Subject
from home.caching import structure_changed
from home.models import NewsPage

KINDS = {
    CoursePage: SearchDocument.Kind.COURSE,
    LessonPage: SearchDocument.Kind.LESSON,
    NewsPage: SearchDocument.Kind.NEWS,
}
# A save naming none of these fields (a draft's revision, a lock) leaves the live text as it was.
INDEXED_FIELDS = frozenset(
    {"live", "title", "locale", "summary", "description", "learning_outcomes", "audience"}
    | {"prerequisites", "subject", "level", "format", "teaching_language", "intro", "body"}
)
WRITTEN_FIELDS = [
    *("language", "kind", "title", "names", "summary", "body"),
    *("subject", "level", "format", "teaching_language"),
]
BATCH = 500


def batched(items, size: int):
    # itertools.batched() is Python 3.12's.
    items = iter(items)
    while batch := list(islice(items, size)):
        yield batch


def index_pages(pages) -> None:
    """Write the documents of `pages` (specific pages of the `KINDS`): a live page's is
    written, another's removed."""
    pages = list(pages)
    documents = [document_for(page) for page in pages if page.live]
    gone = [page.pk for page in pages if not page.live]
    if documents:
        before = {
            document.pk: document.words()
            for document in SearchDocument.objects.filter(pk__in=[d.pk for d in documents]).defer("vector")
        }
        SearchDocument.objects.bulk_create(
            documents,
            update_conflicts=True,
            unique_fields=["page"],
            update_fields=WRITTEN_FIELDS,
        )
        changes = Counter()
        for document in documents:
            now, then = document.words(), before.get(document.pk, set())
            changes.update({(document.language, word): 1 for word in now - then})
            changes.update({(document.language, word): -1 for word in then - now})
        count_words(changes)
        structure_changed()  # cached search hits (courses/search.py)
    if gone:
        SearchDocument.objects.filter(pk__in=gone).delete()  # see document_deleted()


def document_for(page) -> SearchDocument:
    document = SearchDocument(
        page_id=page.pk, language=page.locale.language_code, kind=KINDS[type(page)], title=page.title
    )
    names, body = [], []
    if isinstance(page, CoursePage):
        names = [page.subject.name] if page.subject_id else []
        names += [link.instructor.name for link in page.instructors.all()]
        document.summary = page.summary
        body = [*field_text(page, "description"), *field_text(page, "learning_outcomes")]
        body += [page.audience, page.prerequisites]
        document.subject_id, document.level, document.format = page.subject_id, page.level, page.format
        document.teaching_language = page.teaching_language
    elif isinstance(page, LessonPage):
        document.summary = page.summary  # the lesson's own text is for learners only
    elif isinstance(page, NewsPage):
        document.summary, body = page.intro, field_text(page, "body")
    document.names = "\n".join(names)
    document.body = "\n".join(text for text in body if text)
    return document


def field_text(page, name: str) -> list[str]:
    """A rich text or stream field's words as readers see them."""
    field, value = page._meta.get_field(name), getattr(page, name)
    if hasattr(field, "stream_block"):
        return block_text(field.stream_block, value)
    return field.get_searchable_content(value)


def block_text(block, value) -> list[str]:
    # Unlike Wagtail's get_searchable_content(), without a choice's key and label: a
    # heading's level is no word of the text ("h2", "Heading 2").
    if isinstance(block, (blocks.ChoiceBlock, blocks.MultipleChoiceBlock)) or value is None:
        return []
    if isinstance(block, blocks.StreamBlock):
        return [text for child in value for text in block_text(child.block, child.value)]
    if isinstance(block, blocks.StructBlock) and hasattr(value, "get"):
        # (Wagtail's ImageBlock is a StructBlock whose value is the image itself.)
        return [
            text for name, child in block.child_blocks.items() for text in block_text(child, value.get(name))
        ]
    return block.get_searchable_content(value)


def count_words(changes: Counter) -> None:
    """Add each (language, word)'s change to the number of documents holding it; a word
    none holds any more is removed."""
    changes = sorted((key, change) for key, change in changes.items() if change)
    if not changes:
        return
    table = connection.ops.quote_name(SearchWord._meta.db_table)
    with connection.cursor() as cursor:
        # An upsert, atomic under concurrent publishing (both databases have ON CONFLICT).
        for rows in batched(changes, 300):
            cursor.execute(
                f"INSERT INTO {table} (language, word, documents) VALUES "
                + ", ".join(["(%s, %s, %s)"] * len(rows))
                + f" ON CONFLICT (language, word) DO UPDATE SET documents = {table}.documents + excluded.documents",
                [value for (language, word), change in rows for value in (language, word, change)],
            )
    for language in {language for (language, _word), change in changes if change < 0}:
        fewer = [word for (lang, word), change in changes if lang == language and change < 0]
        for words in batched(fewer, BATCH):
            SearchWord.objects.filter(language=language, word__in=words, documents__lte=0).delete()


def document_deleted(document: SearchDocument) -> None:
    count_words(Counter({(document.language, word): -1 for word in document.words()}))
    structure_changed()


def page_saved(page, update_fields=None) -> None:
    if update_fields is not None:
        if not INDEXED_FIELDS & set(update_fields):
            return
        # The other fields may hold a draft's values: the live row is what counts.
        page = type(page).objects.select_related("locale").get(pk=page.pk)
    index_pages([page])


def courses_of(**lookup) -> list[int]:
    return list(CoursePage.objects.filter(live=True, **lookup).values_list("pk", flat=True))


def subject_changed(subject: Subject) -> None:
    reindex_courses(courses_of(subject=subject))


def instructor_changed(instructor: Instructor) -> None:
    reindex_courses(courses_of(instructors__instructor=instructor))


def reindex_courses(page_ids) -> None:
    for ids in batched(sorted(set(page_ids)), BATCH):
        index_pages(with_names(CoursePage.objects.filter(pk__in=ids)))


def with_names(course_pages):
    return course_pages.select_related("locale", "subject").prefetch_related("instructors__instructor")


@transaction.atomic
def rebuild_search_documents() -> int:
    """Every live page's document written anew, other documents removed, and the words
    counted again from scratch; returns the number of documents."""
    querysets = [
        with_names(CoursePage.objects.live()),
        LessonPage.objects.live().select_related("locale"),
        NewsPage.objects.live().select_related("locale"),
    ]
    indexed = 0
    for queryset in querysets:
        for pages in batched(queryset.order_by("pk").iterator(chunk_size=BATCH), BATCH):
            SearchDocument.objects.bulk_create(
                [document_for(page) for page in pages],
                update_conflicts=True,
                unique_fields=["page"],
                update_fields=WRITTEN_FIELDS,
            )
            indexed += len(pages)
    # Raw deletes: the words are counted again below, not one document at a time.
    SearchDocument.objects.filter(page__live=False)._raw_delete(connection.alias)
    SearchWord.objects.all()._raw_delete(connection.alias)
    counts = Counter()
    for document in SearchDocument.objects.defer("vector").iterator(chunk_size=BATCH):
        counts.update((document.language, word) for word in document.words())
    SearchWord.objects.bulk_create(
        (SearchWord(language=language, word=word, documents=n) for (language, word), n in counts.items()),
        batch_size=BATCH,
    )
    structure_changed()
    return indexed


def fill_if_empty(using="default", **kwargs) -> None:
    """After `migrate`: a site that had pages before the search documents existed gets them
    (not after migrating back to before they did)."""
    if SearchDocument._meta.db_table not in connections[using].introspection.table_names():
        return
    if not SearchDocument.objects.using(using).exists() and Page.objects.live().type(*KINDS).exists():
        rebuild_search_documents()
