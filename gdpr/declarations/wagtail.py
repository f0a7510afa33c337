"""Wagtail's and wagtail-localize's models, checked against Wagtail 8.0 and wagtail-localize 1.14.

Editorial content (pages, snippets, images, documents) is the company's, not a person's;
what Wagtail keeps about the people who edit it (who owns, locked, uploaded, commented,
translated, approved) is declared here. References to an account are emptied on erasure.
"""

from django.utils.translation import gettext_lazy as _

from gdpr.declarations.common import AFTER_RELATIONSHIP
from gdpr.erasure_actions import Anonymise, Delete, Null, Placeholder, RedactSubject
from gdpr.registry import Category, Custom, GenericRef, LawfulBasis, Purpose, declare, holds_nothing_personal
from gdpr.retention import MonthsAfterEvent

C = Category
PAGE_FIELDS = (
    "id", "path", "depth", "numchild", "translation_key", "locale", "latest_revision", "live",
    "has_unpublished_changes", "first_published_at", "last_published_at", "live_revision",
    "go_live_at", "expire_at", "expired", "locked", "locked_at", "title", "draft_title", "slug",
    "content_type", "url_path", "latest_revision_created_at", "alias_of", "show_in_menus",
    "seo_title", "search_description",
)  # fmt: skip


def _revisions_with_comments_of(subject, queryset):
    """Page revisions hold the page's comments: those of pages the person commented on."""
    from django.contrib.contenttypes.models import ContentType

    from wagtail.models import Comment, CommentReply, Page

    pages = set(Comment.objects.filter(user_id=subject.user_id).values_list("page_id", flat=True))
    pages |= set(
        CommentReply.objects.filter(user_id=subject.user_id).values_list("comment__page_id", flat=True)
    )
    page_type = ContentType.objects.get_for_model(Page)
    return queryset.filter(base_content_type=page_type, object_id__in=[str(p) for p in pages]).values_list(
        "pk", flat=True
    )


content = {"purpose": Purpose.CONTENT, "basis": LawfulBasis.LEGITIMATE_INTERESTS}

declare(
    "wagtailcore.Page",
    **content,
    retention=AFTER_RELATIONSHIP,
    erasure=Anonymise(owner=Null(), locked_by=Null()),
    references=("owner", "locked_by"),
    not_personal=PAGE_FIELDS,
    person=["owner", "locked_by"],
)
declare(
    "wagtailcore.Revision",
    **content,
    retention=AFTER_RELATIONSHIP,
    # Before comments are deleted: the revisions are found through them.
    priority=-10,
    erasure=Anonymise(user=Null(), content=RedactSubject(), object_str=RedactSubject()),
    personal={"content": C.FREE_TEXT, "object_str": C.FREE_TEXT},
    references=("user",),
    not_personal=(
        "id",
        "content_type",
        "base_content_type",
        "object_id",
        "created_at",
        "approved_go_live_at",
    ),
    person=["user", Custom(_revisions_with_comments_of, "revisions of pages the person commented on")],
)
for label, target in (("wagtailcore.PageLogEntry", "page"), ("wagtailcore.ModelLogEntry", "object_id")):
    declare(
        label,
        purpose=Purpose.SECURITY,
        basis=LawfulBasis.LEGITIMATE_INTERESTS,
        retention=MonthsAfterEvent("timestamp", 24, event=_("the change")),
        erasure=Anonymise(user=Null(), label=RedactSubject(), data=RedactSubject()),
        on_expiry=Delete(),
        personal={"label": C.FREE_TEXT, "data": C.FREE_TEXT},
        references=("user",),
        not_personal=(
            "id",
            "content_type",
            "action",
            "timestamp",
            "uuid",
            "revision",
            "content_changed",
            "deleted",
            target,
        ),
        person=["user"] if target == "page" else ["user", GenericRef("content_type", "object_id")],
    )
declare(
    "wagtailcore.Comment",
    **content,
    retention=AFTER_RELATIONSHIP,
    erasure=Delete(),
    personal={"text": C.FREE_TEXT},
    references=("user", "resolved_by"),
    not_personal=(
        "id",
        "page",
        "contentpath",
        "position",
        "created_at",
        "updated_at",
        "revision_created",
        "resolved_at",
    ),
    person="user",
    note="resolved_by keeps pointing at the anonymised account.",
)
declare(
    "wagtailcore.CommentReply",
    **content,
    retention=AFTER_RELATIONSHIP,
    erasure=Delete(),
    personal={"text": C.FREE_TEXT},
    references=("user",),
    not_personal=("id", "comment", "created_at", "updated_at"),
    person="user",
)
declare(
    "wagtailcore.PageSubscription",
    **content,
    retention=AFTER_RELATIONSHIP,
    erasure=Delete(),
    personal={"comment_notifications": C.CONSENT},
    references=("user",),
    not_personal=("id", "page"),
    person="user",
)
declare(
    "wagtailcore.WorkflowState",
    **content,
    retention=AFTER_RELATIONSHIP,
    erasure=Anonymise(requested_by=Null()),
    references=("requested_by",),
    not_personal=(
        "id",
        "content_type",
        "base_content_type",
        "object_id",
        "workflow",
        "status",
        "created_at",
        "current_task_state",
    ),
    person="requested_by",
)
declare(
    "wagtailcore.TaskState",
    **content,
    retention=AFTER_RELATIONSHIP,
    erasure=Anonymise(finished_by=Null(), comment=Placeholder("")),
    personal={"comment": C.FREE_TEXT},
    references=("finished_by",),
    not_personal=(
        "id",
        "workflow_state",
        "revision",
        "task",
        "status",
        "started_at",
        "finished_at",
        "content_type",
    ),
    person="finished_by",
)
declare(
    "wagtailcore.APIToken",
    purpose=Purpose.SECURITY,
    basis=LawfulBasis.CONTRACT,
    retention=AFTER_RELATIONSHIP,
    erasure=Delete(),
    personal={
        "name": C.ONLINE_IDENTIFIER,
        "key_hash": C.ONLINE_IDENTIFIER,
        "prefix": C.ONLINE_IDENTIFIER,
        "last_used_at": C.ONLINE_IDENTIFIER,
    },
    secrets=("key_hash", "prefix"),
    references=("user",),
    not_personal=("id", "created", "revoked_at"),
    person="user",
)
declare(
    "wagtailcore.UploadedFile",
    **content,
    retention=AFTER_RELATIONSHIP,
    erasure=Delete(files=("file",)),
    personal={"file": C.FREE_TEXT},
    references=("uploaded_by_user",),
    not_personal=("id", "for_content_type"),
    person="uploaded_by_user",
)
for label in ("wagtailimages.Image", "wagtaildocs.Document"):
    declare(
        label,
        **content,
        retention=AFTER_RELATIONSHIP,
        erasure=Anonymise(uploaded_by_user=Null()),
        references=("uploaded_by_user",),
        not_personal=("id", "collection", "title", "file", "created_at", "file_size", "file_hash")
        + (
            (
                "description",
                "width",
                "height",
                "focal_point_x",
                "focal_point_y",
                "focal_point_width",
                "focal_point_height",
            )
            if label.endswith("Image")
            else ()
        ),
        person="uploaded_by_user",
    )
declare(
    "wagtailusers.UserProfile",
    purpose=Purpose.ACCOUNT,
    basis=LawfulBasis.CONTRACT,
    retention=AFTER_RELATIONSHIP,
    erasure=Delete(files=("avatar",)),
    personal={
        "avatar": C.ONLINE_IDENTIFIER,
        "preferred_language": C.ONLINE_IDENTIFIER,
        "current_time_zone": C.ONLINE_IDENTIFIER,
        "dismissibles": C.ONLINE_IDENTIFIER,
        "submitted_notifications": C.CONSENT,
        "approved_notifications": C.CONSENT,
        "rejected_notifications": C.CONSENT,
        "updated_comments_notifications": C.CONSENT,
    },
    references=("user",),
    not_personal=("id", "theme", "contrast", "density", "keyboard_shortcuts"),
    person="user",
)
declare(
    "wagtailadmin.EditingSession",
    **content,
    retention=MonthsAfterEvent("last_seen_at", 1, event=_("the editor was last seen")),
    erasure=Delete(),
    personal={"last_seen_at": C.ONLINE_IDENTIFIER, "is_editing": C.ONLINE_IDENTIFIER},
    references=("user",),
    not_personal=("id", "content_type", "object_id"),
    person="user",
)
declare(
    "wagtailadmin.FormState",
    **content,
    retention=MonthsAfterEvent("last_updated_at", 1, event=_("the form was last saved")),
    erasure=Delete(),
    personal={"data": C.FREE_TEXT},
    references=("user",),
    not_personal=("id", "content_type", "object_id", "parent_object_id", "last_updated_at"),
    person="user",
)
declare(
    "wagtailforms.FormSubmission",
    purpose=Purpose.SUPPORT,
    basis=LawfulBasis.LEGITIMATE_INTERESTS,
    retention=MonthsAfterEvent("submit_time", 24, event=_("the form was sent")),
    erasure=Delete(),
    personal={"form_data": C.FREE_TEXT},
    not_personal=("id", "page", "submit_time"),
    email="form_data__email",
)
declare(
    "wagtailembeds.Embed",
    **content,
    retention=MonthsAfterEvent("last_updated", 0, event=_("the embed was fetched")),
    erasure=Delete(),
    personal={"author_name": C.FREE_TEXT},
    not_personal=(
        "id",
        "url",
        "max_width",
        "hash",
        "type",
        "html",
        "title",
        "provider_name",
        "thumbnail_url",
        "width",
        "height",
        "last_updated",
        "cache_until",
    ),
    manual=_(
        "Embeds are switched off (no oEmbed finders), so the table stays empty; an embedded author is not an account."
    ),
)
for label in ("wagtail_localize.StringTranslation", "wagtail_localize.SegmentOverride"):
    declare(
        label,
        **content,
        retention=AFTER_RELATIONSHIP,
        erasure=Anonymise(last_translated_by=Null()),
        references=("last_translated_by",),
        not_personal=("id", "locale", "context", "created_at", "updated_at", "has_error", "field_error")
        + (
            ("translation_of", "data", "translation_type", "tool_name")
            if label.endswith("StringTranslation")
            else ("data_json",)
        ),
        person="last_translated_by",
    )

holds_nothing_personal(
    _("Wagtail's site structure, permissions, workflows' definitions and collections."),
    "wagtailcore.Locale",
    "wagtailcore.Site",
    "wagtailcore.GroupSitePermission",
    "wagtailcore.Collection",
    "wagtailcore.CollectionViewRestriction",
    "wagtailcore.CollectionViewRestriction_groups",
    "wagtailcore.GroupCollectionPermission",
    "wagtailcore.WorkflowContentType",
    "wagtailcore.Workflow",
    "wagtailcore.WorkflowTask",
    "wagtailcore.Task",
    "wagtailcore.GroupApprovalTask",
    "wagtailcore.GroupApprovalTask_groups",
    "wagtailcore.GroupPagePermission",
    "wagtailcore.PageViewRestriction",
    "wagtailcore.PageViewRestriction_groups",
    "wagtailcore.WorkflowPage",
    "wagtailcore.ReferenceIndex",
    "wagtailadmin.Admin",
    "wagtailredirects.Redirect",
    "wagtailimages.Rendition",
)
holds_nothing_personal(
    _(
        "The search index is derived from pages, snippets and media. Of the models holding "
        "personal data only instructors' profiles are indexed, and erasing one (deleting it) "
        "removes its entry (tested)."
    ),
    "wagtailsearch.IndexEntry",
    "wagtailsearch.SQLiteFTSIndexEntry",
    varies_by_database=True,
)
holds_nothing_personal(
    _(
        "wagtail-localize's copies of editorial content and its translation machinery; "
        "who translated is declared on StringTranslation and SegmentOverride."
    ),
    "wagtail_localize.TranslatableObject",
    "wagtail_localize.TranslationSource",
    "wagtail_localize.Translation",
    "wagtail_localize.TranslationLog",
    "wagtail_localize.String",
    "wagtail_localize.TranslationContext",
    "wagtail_localize.Template",
    "wagtail_localize.StringSegment",
    "wagtail_localize.TemplateSegment",
    "wagtail_localize.RelatedObjectSegment",
    "wagtail_localize.OverridableSegment",
    "wagtail_localize.LocaleSynchronization",
)
holds_nothing_personal(
    _("Tags and thumbnails of editorial content and products."),
    "taggit.Tag",
    "taggit.TaggedItem",
    "thumbnail.KVStore",
)
