"""The sentinel person: one account with a row in every declared model, every personal text
field holding a unique marker, for the export and erasure round trip.

`BUILDERS` maps each declared model to a function that creates that person's rows (with
whatever else the row needs). A model declared with personal data and no builder fails
`test_every_personal_model_has_a_sentinel_builder`: add one here when you declare a model.
Fields whose erasure redacts the person's name and e-mail address (revisions, log entries)
are given text that contains them, since that is what such text holds in real life.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal

from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.backends.db import SessionStore
from django.core.files.base import ContentFile
from django.db import models
from django.utils import timezone

from wagtail.contrib.forms.models import FormSubmission
from wagtail.documents import get_document_model
from wagtail.models import (
    APIToken,
    Comment,
    CommentReply,
    ModelLogEntry,
    PageLogEntry,
    PageSubscription,
    Task,
    TaskState,
    UploadedFile,
    Workflow,
    WorkflowState,
)
from wagtail.users.models import UserProfile
from wagtail_localize.models import SegmentOverride, StringTranslation

from oscar.core.loading import get_model
from oscar.test import factories as oscar_factories

from gdpr.erasure_actions import Anonymise, RedactSubject, Retain
from gdpr.models import LegalHold, ProcessingRestriction
from gdpr.registry import registry
from gdpr.subjects import Subject, rows_for


@dataclass
class Sentinel:
    user: object
    run: str
    markers: set[str] = field(default_factory=set)
    counter: int = 0

    def marker(self) -> str:
        self.counter += 1
        value = f"pii{self.run}x{self.counter:03d}"
        self.markers.add(value)
        return value


def _page(ctx):
    return ctx["page"]


def _user_groups(s, ctx):
    from django.contrib.auth.models import Group

    s.user.groups.add(Group.objects.get_or_create(name="Sentinel group")[0])
    s.user.user_permissions.add(Permission.objects.first())


def _session(s, ctx):
    session = SessionStore()
    session["_auth_user_id"] = str(s.user.pk)
    session["note"] = s.marker()
    session.create()


def _admin_log(s, ctx):
    user_type = ContentType.objects.get_for_model(s.user)
    LogEntry.objects.create(
        user=s.user,
        content_type=user_type,
        object_id=str(s.user.pk),
        object_repr=s.user.get_full_name(),
        action_flag=CHANGE,
        change_message=f'[{{"changed": {{"fields": ["email"], "note": "{s.user.email}"}}}}]',
    )


def _page_refs(s, ctx):
    page = _page(ctx)
    page.owner, page.locked_by = s.user, s.user
    page.save(update_fields=["owner", "locked_by"])


def _comments_and_revision(s, ctx):
    page = _page(ctx)
    comment = Comment.objects.create(page=page, user=s.user, text=s.marker(), contentpath="title")
    CommentReply.objects.create(comment=comment, user=s.user, text="x")  # marked below
    PageSubscription.objects.create(page=page, user=s.user, comment_notifications=True)
    revision = page.save_revision(user=s.user)
    content = dict(revision.content)
    content["wagtail_admin_comments"] = [{"pk": comment.pk, "user": s.user.pk, "text": comment.text}]
    content["intro"] = f"Reviewed by {s.user.get_full_name()} ({s.user.email})"
    revision.content = content
    revision.object_str = f"{page.title}, edited by {s.user.get_full_name()}"
    revision.save()
    ctx["revision"] = revision


def _log_entries(s, ctx):
    page = _page(ctx)
    PageLogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(page),
        label=f"{page.title} ({s.user.get_full_name()})",
        action="wagtail.edit",
        data={"editor": s.user.email},
        timestamp=timezone.now(),
        user=s.user,
        page=page,
    )
    ModelLogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(s.user),
        label=s.user.get_full_name(),
        action="wagtail.edit",
        data={"title": s.user.get_full_name()},
        timestamp=timezone.now(),
        user=s.user,
        object_id=str(s.user.pk),
    )


def _workflow(s, ctx):
    page = _page(ctx)
    workflow = Workflow.objects.create(name="Sentinel review")
    task = Task.objects.create(name="Sentinel task")
    state = WorkflowState.objects.create(
        content_type=ContentType.objects.get_for_model(page),
        base_content_type=ContentType.objects.get_for_model(page),
        object_id=str(page.pk),
        workflow=workflow,
        status=WorkflowState.STATUS_IN_PROGRESS,
        requested_by=s.user,
    )
    TaskState.objects.create(
        workflow_state=state, revision=ctx["revision"], task=task, status="approved", finished_by=s.user
    )


def _api_token(s, ctx):
    APIToken.objects.create(user=s.user, name="token", key_hash=uuid.uuid4().hex, prefix="pre")


def _uploaded_file(s, ctx):
    marker = s.marker()
    upload = UploadedFile(for_content_type=ContentType.objects.get_for_model(s.user), uploaded_by_user=s.user)
    upload.file.save(f"{marker}.txt", ContentFile(marker.encode()), save=False)
    upload.save()


def _media(s, ctx):
    import wagtail_factories

    wagtail_factories.ImageFactory(uploaded_by_user=s.user)
    document = get_document_model()(title="doc", uploaded_by_user=s.user)
    document.file.save("doc.txt", ContentFile(b"doc"), save=False)
    document.save()


def _profile(s, ctx):
    marker = s.marker()
    profile = UserProfile.get_for_user(s.user)
    profile.avatar.save(f"{marker}.png", ContentFile(marker.encode()), save=False)
    profile.dismissibles = {"note": s.marker()}
    profile.save()


def _editing(s, ctx):
    from wagtail.admin.models import EditingSession, FormState

    page = _page(ctx)
    page_type = ContentType.objects.get_for_model(page)
    EditingSession.objects.create(
        user=s.user, content_type=page_type, object_id=str(page.pk), last_seen_at=timezone.now()
    )
    FormState.objects.create(
        user=s.user, content_type=page_type, object_id=str(page.pk), data="{}", last_updated_at=timezone.now()
    )


def _form_submission(s, ctx):
    FormSubmission.objects.create(page=_page(ctx), form_data={"email": s.user.email, "message": s.marker()})


def _translations(s, ctx):
    from wagtail.models import Locale
    from wagtail_localize.models import String, TranslatableObject, TranslationContext
    from wagtail_localize.strings import StringValue

    locale = Locale.objects.get(language_code="en")
    page = _page(ctx)
    obj, _created = TranslatableObject.objects.get_or_create_from_instance(page)
    context, _created = TranslationContext.objects.get_or_create(object=obj, path="sentinel")
    string = String.from_value(locale, StringValue.from_plaintext("Sentinel"))
    StringTranslation.objects.create(
        translation_of=string, locale=locale, context=context, data="Sentinel", last_translated_by=s.user
    )
    SegmentOverride.objects.create(locale=locale, context=context, data_json="{}", last_translated_by=s.user)


def _order(s, ctx):
    order = oscar_factories.OrderFactory(user=s.user, basket=oscar_factories.BasketFactory(owner=None))
    line = oscar_factories.OrderLineFactory(order=order)
    option = get_model("catalogue", "Option").objects.create(name="Seat holder", code="seat-holder")
    get_model("order", "LineAttribute").objects.create(
        line=line, option=option, type="seat", value=s.marker()
    )
    get_model("order", "OrderNote").objects.create(order=order, message="x")
    get_model("voucher", "VoucherApplication").objects.create(
        voucher=oscar_factories.VoucherFactory(), user=s.user, order=order
    )
    ctx["order"] = order


def _basket(s, ctx):
    basket = get_model("basket", "Basket").objects.create(owner=s.user)
    product = oscar_factories.create_product(price=Decimal("10"))
    line = get_model("basket", "Line").objects.create(
        basket=basket,
        product=product,
        stockrecord=product.stockrecords.first(),
        line_reference=f"line-{basket.pk}",
        price_excl_tax=Decimal("10"),
        price_incl_tax=Decimal("12.5"),
    )
    option = get_model("catalogue", "Option").objects.create(name="Note", code="note")
    get_model("basket", "LineAttribute").objects.create(line=line, option=option, value={"text": s.marker()})
    ctx["product"] = product


def _wishlist(s, ctx):
    wishlist = get_model("wishlists", "WishList").objects.create(owner=s.user, name="x")
    get_model("wishlists", "WishListSharedEmail").objects.create(wishlist=wishlist, email="x@example.com")


def _reviews(s, ctx):
    review = get_model("reviews", "ProductReview").objects.create(
        product=ctx["product"], user=s.user, score=5, title="x", body="x"
    )
    from tests.factories.home import UserFactory

    other = UserFactory()
    other_review = get_model("reviews", "ProductReview").objects.create(
        product=ctx["product"], user=other, score=3, title="other", body="other"
    )
    get_model("reviews", "Vote").objects.create(review=other_review, user=s.user, delta=1)
    ctx["review"] = review


def _communication(s, ctx):
    get_model("communication", "Email").objects.create(user=s.user, email=s.user.email, subject="x")
    get_model("communication", "Notification").objects.create(recipient=s.user, subject="x", body="x")
    get_model("customer", "ProductAlert").objects.create(
        product=ctx["product"], user=s.user, email="x@example.com"
    )


def _analytics(s, ctx):
    get_model("analytics", "UserRecord").objects.create(user=s.user, num_product_views=3)
    get_model("analytics", "UserProductView").objects.create(user=s.user, product=ctx["product"])
    get_model("analytics", "UserSearch").objects.create(user=s.user, query="x")


def _payment(s, ctx):
    get_model("payment", "Bankcard").objects.create(
        user=s.user, card_type="Visa", name="x", number="XXXX-1111", expiry_date=timezone.localdate()
    )


def _address(s, ctx):
    get_model("address", "UserAddress").objects.create(
        user=s.user, first_name="x", last_name="x", line1="x", line4="x", postcode="x", country=_sweden()
    )


def _partner(s, ctx):
    partner = get_model("partner", "Partner").objects.create(name="Sentinel partner")
    partner.users.add(s.user)
    get_model("partner", "PartnerAddress").objects.create(
        partner=partner, first_name="x", last_name="x", line1="Storgatan 1", country=_sweden()
    )
    get_model("offer", "RangeProductFileUpload").objects.create(
        range=get_model("offer", "Range").objects.create(name="Sentinel range"),
        filepath="/tmp/skus.csv",
        size=1,
        uploaded_by=s.user,
    )


def _video(s, ctx):
    from courses.models import LessonVideo

    # Only who uploaded it matters here; bulk_create skips probing a real video file.
    LessonVideo.objects.bulk_create([LessonVideo(title="Intro", file="videos/intro.mp4", uploaded_by=s.user)])


def _gdpr(s, ctx):
    LegalHold.objects.create(
        user=s.user,
        basis=LegalHold.Basis.LEGAL_CLAIM,
        reason="x",
        released_at=timezone.now() - timedelta(days=1),
    )
    ProcessingRestriction.objects.create(user=s.user, reason="x")


def _objection(s, ctx):
    from gdpr.models import Objection

    Objection.objects.create(user=s.user, kind=Objection.Kind.DIRECT_MARKETING, policy_version="2.0")


def _privacy_request(s, ctx):
    from gdpr.models import PrivacyEvent, PrivacyRequest

    request = PrivacyRequest.objects.create(
        kind=PrivacyRequest.Kind.RECTIFICATION,
        user=s.user,
        email=s.user.email,
        name="x",
        language="sv",
        details="x",
        extension_reason="x",
        identity_note="x",
        outcome="x",
        due_on=timezone.localdate() + timedelta(days=30),
    )
    PrivacyEvent.objects.create(action=PrivacyEvent.Action.RECEIVED, request=request, account_id=s.user.pk)
    PrivacyEvent.objects.create(action=PrivacyEvent.Action.CUSTOMER_VIEWED, actor=s.user, account_id=1)


def _policy_acceptance(s, ctx):
    from gdpr.acceptance import accept

    accept(s.user, _any_policy(ctx), "registration")


def _any_policy(ctx):
    from home.models import PolicyPage
    from tests.factories.home import PolicyPageFactory

    return PolicyPage.objects.live().first() or PolicyPageFactory(parent=ctx["page"])


def _account_deletion(s, ctx):
    from gdpr.models import AccountDeletion

    AccountDeletion.objects.create(
        user=s.user,
        carry_out_after=timezone.now() + timedelta(days=14),
        language="sv",
        cancelled_at=timezone.now(),
    )


def _data_export(s, ctx):
    """A copy of the person's data, ready to download: the zip holds them (the run's prefix,
    not a marker: the export lists the copy, it does not carry it)."""
    from gdpr.models import DataExport

    export = DataExport(
        user=s.user, status=DataExport.Status.READY, expires_at=timezone.now() + timedelta(days=7)
    )
    export.file.save("copy.zip", ContentFile(f"pii{s.run} everything".encode()), save=False)
    export.save()


def _invoice_order(s, ctx):
    """An order paid by invoice, the way checkout places it: billing details, invoice, access;
    then a payment, a reminder, a credit note and a bank file of the person's."""
    import dataclasses

    from courses.models import DocumentPurchase, Enrolment
    from shop.invoicing import services
    from shop.invoicing.models import BgMaxImport, Invoice, InvoiceReminder, Payment
    from tests.factories.courses import make_catalogue, make_course, make_seller
    from tests.factories.shop import ACME, make_document_product, place_order

    seller = make_seller(make_catalogue(_page(ctx)), name="Sentinel seller")
    course = make_course(seller, title="Sentinel course")
    ctx["course"] = course.course
    document = make_document_product(seller, sku="DOC-SENTINEL")
    details = dataclasses.replace(ACME, contact_name="x", email=s.user.email)
    order = place_order(s.user, [(course.course.product, 1), (document, 1)], details=details)
    invoice = Invoice.objects.get(order=order)
    services.record_payment(
        invoice, invoice.total_incl_vat, timezone.localdate(), Payment.Method.choices[0][0]
    )
    InvoiceReminder.objects.create(invoice=invoice, email="x@example.com")
    services.credit_invoice(invoice, "x", user=s.user)
    BgMaxImport.objects.create(
        uploaded_by=s.user, file_name="x", sha256="0" * 64, file_created_at=timezone.now()
    )
    # Access is granted when the invoice is paid, which may be after this: grant it here.
    if not Enrolment.objects.filter(user=s.user).exists():
        Enrolment.objects.create(source="staff", course=course.course, user=s.user, granted_by=s.user)
    if not DocumentPurchase.objects.filter(user=s.user).exists():
        DocumentPurchase.objects.create(
            source="staff", document_product=document.document_product, user=s.user, granted_by=s.user
        )


def _company(s, ctx):
    """A request to join someone else's company, an invitation the person accepted and a
    seat of that company's that they hold."""
    from courses.models import Enrolment, Seat
    from shop.companies.models import Company, Invitation, JoinRequest

    other = Company.objects.create(name="Another AB", organisation_number="556036-0793")
    JoinRequest.objects.create(company=other, user=s.user)
    pool = Enrolment.objects.create(source="staff", course=ctx["course"], company=other, seats=3)
    Seat.objects.create(pool=pool, email=s.user.email, holder=s.user, language="sv")
    invitation = Invitation(company=other, email=s.user.email, language="sv", accepted_by=s.user)
    invitation.new_token()
    invitation.save()


def _learning(s, ctx):
    """Progress in a lesson, the course completed and the seat's company told, an
    evaluation with its ratings, and a consent to the follow-up mail."""
    from courses.models import (
        CourseCompletion,
        EvaluationAnswer,
        EvaluationResponse,
        FollowUpConsent,
        LessonProgress,
        Seat,
        SeatReport,
    )

    course, now = ctx["course"], timezone.now()
    LessonProgress.objects.create(
        user=s.user,
        course=course,
        lesson_key=uuid.uuid4(),
        position_seconds=12,
        watched=[[0, 12]],
        watched_seconds=12,
    )
    CourseCompletion.objects.create(user=s.user, course=course, completed_at=now)
    seat = Seat.objects.filter(holder=s.user).order_by("-pk").first()  # by _company
    SeatReport.objects.create(seat=seat, started_at=now, completed_at=now)
    # Exported its own way (with the ratings): _fill_markers leaves the comment to us.
    response = EvaluationResponse.objects.create(
        user=s.user, course=course, comment=s.marker(), language="sv"
    )
    EvaluationAnswer.objects.create(response=response, question_key=uuid.uuid4(), rating=4)
    FollowUpConsent.objects.create(user=s.user, course=course, wording="x", language="sv")


def _certificate(s, ctx):
    """The certificate the completed course earned, signed, with the name in its credential."""
    from certificates.models import Certificate
    from courses.models import CourseCompletion

    completion = CourseCompletion.objects.get(user=s.user, course=ctx["course"])
    Certificate.objects.create(
        user=s.user,
        completion=completion,
        course=ctx["course"],
        learner_name="filled by _fill_markers",
        course_titles={"sv": "Kurs"},
        company_name="filled by _fill_markers",
        completed_on=timezone.localdate(),
        language="sv",
        status_index=4711,
        credential={"credentialSubject": {"identifier": [{"identityHash": s.marker()}]}},
        shared=True,
    )


def _terms_acceptance(s, ctx):
    """The person's order was placed on terms of purchase they accepted."""
    from shop.checkout.models import TermsAcceptance

    order = get_model("order", "Order").objects.filter(user=s.user).first()
    TermsAcceptance.objects.create(order=order, terms=None, accepted_at=timezone.now())


def _contact_case(s, ctx):
    """A message the person sent from the contact page while signed in, staff's reply and
    an internal note about them (the person's copy of their data holds it too)."""
    from home.models import ContactCase, ContactMessage

    case = ContactCase.objects.create(
        user=s.user, name="x", email=s.user.email, company="x", subject="x", language="sv"
    )
    for kind in ContactMessage.Kind.values:
        ContactMessage.objects.create(case=case, kind=kind, author=s.user, body="x")


def _news(s, ctx):
    """The person got a news item, then unsubscribed; a news item they sent as an editor.
    (A confirmed subscription lasts until the person unsubscribes: the row here is one the
    sweep ends, its address filled in by _fill_markers as a subscribed one holds it.)"""
    from gdpr.suppression import address_hash
    from home.models import NewsDelivery, NewsSend, NewsSubscription

    now = timezone.now()
    subscription = NewsSubscription.objects.create(
        email=s.user.email,
        address_hash=address_hash(s.user.email),
        language="sv",
        status=NewsSubscription.Status.UNSUBSCRIBED,
        user=s.user,
        confirmation_mailed_at=now,
        confirmed_at=now,
        unsubscribed_at=now,
        policy_version="2.0",
    )
    send = NewsSend.objects.create(translation_key=uuid.uuid4(), title="Nyheter", requested_by=s.user)
    NewsDelivery.objects.create(send=send, subscription=subscription, sent_at=now)


def _login_failures(s, ctx):
    """Failed logins to the person's account (found by the address tried, kept as it is)."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    def client():
        return {
            "user_agent": s.marker(),
            "http_accept": s.marker(),
            "ip_address": "203.0.113.9",
            "path_info": "/",
        }

    AccessAttempt.objects.create(
        username=s.user.email, get_data=s.marker(), post_data=s.marker(), failures_since_start=3, **client()
    )
    AccessFailureLog.objects.create(username=s.user.email, **client())
    AccessLog.objects.create(username=s.user.email, session_hash=s.marker(), **client())


def _sweden():
    return get_model("address", "Country").objects.get_or_create(
        iso_3166_1_a2="SE",
        defaults={
            "iso_3166_1_a3": "SWE",
            "iso_3166_1_numeric": "752",
            "printable_name": "Sverige",
            "name": "Sverige",
        },
    )[0]


# In the order they run: later builders use what earlier ones put in `ctx`.
BUILDERS = {
    "home.User": None,  # the person
    "gdpr.CustomerRelationship": None,  # started when the account was created
    "home.User_groups": _user_groups,
    "home.User_user_permissions": None,  # by _user_groups
    "sessions.Session": _session,
    "admin.LogEntry": _admin_log,
    "wagtailcore.Page": _page_refs,
    "wagtailcore.Comment": _comments_and_revision,
    "wagtailcore.CommentReply": None,
    "wagtailcore.PageSubscription": None,
    "wagtailcore.Revision": None,
    "wagtailcore.PageLogEntry": _log_entries,
    "wagtailcore.ModelLogEntry": None,
    "wagtailcore.WorkflowState": _workflow,
    "wagtailcore.TaskState": None,
    "wagtailcore.APIToken": _api_token,
    "wagtailcore.UploadedFile": _uploaded_file,
    "wagtailimages.Image": _media,
    "wagtaildocs.Document": None,
    "wagtailusers.UserProfile": _profile,
    "wagtailadmin.EditingSession": _editing,
    "wagtailadmin.FormState": None,
    "wagtailforms.FormSubmission": _form_submission,
    "wagtail_localize.StringTranslation": _translations,
    "wagtail_localize.SegmentOverride": None,
    "order.Order": _order,
    "order.BillingAddress": None,
    "order.ShippingAddress": None,
    "order.OrderNote": None,
    "order.LineAttribute": None,
    "voucher.VoucherApplication": None,
    "basket.Basket": _basket,
    "basket.LineAttribute": None,
    "wishlists.WishList": _wishlist,
    "wishlists.WishListSharedEmail": None,
    "reviews.ProductReview": _reviews,
    "reviews.Vote": None,
    "communication.Email": _communication,
    "communication.Notification": None,
    "customer.ProductAlert": None,
    "analytics.UserRecord": _analytics,
    "analytics.UserProductView": None,
    "analytics.UserSearch": None,
    "payment.Bankcard": _payment,
    "address.UserAddress": _address,
    "partner.Partner_users": _partner,
    "partner.PartnerAddress": None,
    "offer.RangeProductFileUpload": None,
    "courses.LessonVideo": _video,
    "invoicing.OrderBilling": _invoice_order,
    "invoicing.Invoice": None,
    "invoicing.Payment": None,
    "invoicing.InvoiceReminder": None,
    "invoicing.CreditNote": None,
    "invoicing.BgMaxImport": None,
    "courses.Enrolment": None,
    "courses.DocumentPurchase": None,
    "companies.Company": None,  # by _invoice_order: the person's own company account
    "companies.Membership": None,
    "courses.Seat": None,
    "companies.JoinRequest": _company,
    "companies.Invitation": None,
    "courses.LessonProgress": _learning,
    "courses.CourseCompletion": None,
    "courses.SeatReport": None,
    "courses.EvaluationResponse": None,
    "courses.FollowUpConsent": None,
    "certificates.Certificate": _certificate,
    "checkout.TermsAcceptance": _terms_acceptance,
    "home.ContactCase": _contact_case,
    "home.ContactMessage": None,
    "home.NewsSubscription": _news,
    "home.NewsDelivery": None,
    "home.NewsSend": None,
    "axes.AccessAttempt": _login_failures,
    "axes.AccessFailureLog": None,
    "axes.AccessLog": None,
    "gdpr.LegalHold": _gdpr,
    "gdpr.ProcessingRestriction": None,
    "gdpr.DataExport": _data_export,
    "gdpr.Objection": _objection,
    "gdpr.AccountDeletion": _account_deletion,
    "gdpr.PrivacyRequest": _privacy_request,
    "gdpr.PrivacyEvent": lambda s, ctx: None,  # made with the request
    "gdpr.PolicyAcceptance": _policy_acceptance,
}

TEXT_FIELDS = (models.CharField, models.TextField)


def _fill_markers(sentinel: Sentinel) -> None:
    """Every personal text field of every declared row of the person gets its own marker,
    except those whose erasure redacts the person's name (their builders wrote that in)."""
    subject = Subject.for_user(sentinel.user)
    for declaration in registry.in_erase_order():
        if not declaration.person_paths and not declaration.email or callable(declaration.exporter):
            continue  # found by people, or exported its own way: its builder wrote the markers
        model = declaration.get_model()
        erasure = declaration.erasure.then if isinstance(declaration.erasure, Retain) else declaration.erasure
        strategies = erasure.strategies if isinstance(erasure, Anonymise) else {}
        names = []
        for name in declaration.personal:
            f = model._meta.get_field(name)
            if f.is_relation or not isinstance(f, TEXT_FIELDS) or type(f).__name__ == "PhoneNumberField":
                continue
            if isinstance(strategies.get(name), RedactSubject) or (f.max_length or 999) < 16:
                continue
            if name in declaration.secrets:
                continue  # never exported (test_export_holds_no_secret): it keeps its real value
            if model is type(sentinel.user):
                continue  # the account gets its markers first, below
            names.append(name)
        if not names:
            continue
        for pk in rows_for(declaration, subject).values_list("pk", flat=True):
            values = {}
            for name in names:
                f = model._meta.get_field(name)
                marker = sentinel.marker()
                values[name] = f"{marker}@example.com" if isinstance(f, models.EmailField) else marker
            model._default_manager.filter(pk=pk).update(**values)


def make_sentinel_person(page, user_factory) -> Sentinel:
    """An account with a row in every declared model; returns it with every marker used.

    `page` is a page for comments, revisions and form submissions to hang on.
    """
    run = uuid.uuid4().hex[:6]
    sentinel = Sentinel(user=None, run=run)
    first, last, local = sentinel.marker(), sentinel.marker(), sentinel.marker()
    sentinel.user = user_factory(email=f"{local}@example.com", first_name=first, last_name=last)
    ctx = {"page": page}
    for builder in BUILDERS.values():
        if builder is not None:
            builder(sentinel, ctx)
    # The account's e-mail address was matched to guest rows; guest e-mail fields now too.
    _fill_markers(sentinel)
    return sentinel
