"""Issuing certificates: once per completed course, from the completion and nothing else.

`issue()` runs in the Celery task the completion signal queues. It can run any number
of times for one completion and issues one certificate: the completion row is locked
and a unique constraint backs it. Signing and mailing then happen once each, whichever
run gets there first.
"""

import secrets

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext

from certificates.models import Certificate
from certificates.status_list import LIST_SIZE
from certificates.tasks import finish_certificate
from courses.models import CourseCompletion, CoursePage, Enrolment
from gdpr.retention import add_months


def issue(completion_id: int) -> Certificate | None:
    """The certificate for this completion, issued now if it was not; None when the
    course issues none (or the completion is gone), or while the learner has given no
    name to put on it (My certificates asks for one)."""
    with transaction.atomic():
        completion = (
            CourseCompletion.objects.select_for_update(of=("self",))
            .select_related("course__certificate_design", "user")
            .filter(pk=completion_id)
            .first()
        )
        if completion is None or not completion.course.issues_certificate:
            return None
        if not learner_name(completion.user):
            return None
        certificate = Certificate.objects.filter(completion=completion, reissue_of__isnull=True).first()
        if certificate is None:
            certificate = _save_with_free_index(_snapshot(completion))
    finish(certificate)
    return certificate


def reissue(certificate: Certificate) -> Certificate:
    """A new certificate with the learner's name as it is now; the old one is revoked as
    replaced. Only ever on the learner's request."""
    with transaction.atomic():
        old = Certificate.objects.select_for_update().get(pk=certificate.pk)
        if old.revoked_at or old.user is None or not learner_name(old.user):
            raise ValueError("Only a valid certificate of a learner with a name can be reissued.")
        new = Certificate(
            user=old.user,
            completion=old.completion,
            course=old.course,
            reissue_of=old,
            learner_name=learner_name(old.user),
            course_titles=old.course_titles,
            course_version=old.course_version,
            company_name=old.company_name,
            completed_on=old.completed_on,
            expires_on=old.expires_on,
            design=old.design,
            design_snapshot=old.design_snapshot,
            language=old.language,
        )
        new = _save_with_free_index(new)
        old.revoked_at = timezone.now()
        with translation.override(old.language):
            old.revoked_reason = gettext("Replaced by a reissue with the learner's new name.")
        old.save(update_fields=["revoked_at", "revoked_reason"])
        transaction.on_commit(lambda: finish_certificate.delay(new.pk), robust=True)
    return new


def finish(certificate: Certificate) -> None:
    """Sign the credential and mail the learner, each once. The row stays locked while
    the mail goes, so that two workers never both send it; a failed mail is sent again
    by the task's next try."""
    from certificates.credentials import sign_certificate
    from certificates.mail import send_certificate

    if certificate.credential is None:
        sign_certificate(certificate)
    if certificate.mailed_at is None and certificate.user_id and certificate.revoked_at is None:
        with transaction.atomic():
            locked = (
                Certificate.objects.select_for_update(of=("self",))
                .select_related("user")
                .get(pk=certificate.pk)
            )
            if locked.mailed_at is None:
                send_certificate(locked)
                locked.mailed_at = certificate.mailed_at = timezone.now()
                locked.save(update_fields=["mailed_at"])


def learner_name(user) -> str:
    """The name printed on a certificate: the account's full name, never its e-mail
    address (which the certificate would publish on its verification page)."""
    return user.get_full_name().strip()


def waiting_for_a_name(user):
    """The person's completions that will issue a certificate once they give their name."""
    return CourseCompletion.objects.filter(
        user=user, course__issues_certificate=True, certificates__isnull=True
    ).select_related("course")


def _snapshot(completion: CourseCompletion) -> Certificate:
    course, user = completion.course, completion.user
    completed_on = timezone.localdate(completion.completed_at)
    source = _source_page(course)
    design = course.certificate_design
    company_name, language = _company_and_language(user, course)
    return Certificate(
        user=user,
        completion=completion,
        course=course,
        learner_name=learner_name(user),
        course_titles=_titles(course),
        course_version=_version(source),
        company_name=company_name,
        completed_on=completed_on,
        expires_on=(
            add_months(completed_on, course.certificate_validity_months)
            if course.certificate_validity_months
            else None
        ),
        design=design,
        design_snapshot=design.snapshot() if design else {},
        language=language,
    )


def _titles(course) -> dict[str, str]:
    titles = {}
    # Live pages first, so that a draft's title never wins over the published one.
    for language, title in (
        CoursePage.objects.filter(course=course)
        .order_by("-live")
        .values_list("locale__language_code", "title")
    ):
        titles.setdefault(language, title)
    return titles


def _source_page(course) -> CoursePage | None:
    return (
        CoursePage.objects.filter(course=course, locale__language_code=settings.LANGUAGE_CODE)
        .order_by("-live")
        .first()
    )


def _version(page: CoursePage | None) -> str:
    """The course as it was published when the learner finished: the date of its last
    publication and the revision, which the admin's history shows."""
    if page is None or page.last_published_at is None:
        return ""
    published = timezone.localdate(page.last_published_at).isoformat()
    return f"{published}/r{page.live_revision_id}" if page.live_revision_id else published


def _company_and_language(user, course) -> tuple[str, str]:
    """The company that paid for the learner's seat (or the learner's own order), and the
    language the learner was dealing with us in."""
    enrolments = Enrolment.objects.filter(user=user, course=course).order_by("revoked_at", "-granted_at")
    for enrolment in enrolments.select_related("seat__pool__company", "order_line__order__billing"):
        if enrolment.seat_id:
            return enrolment.seat.pool.company.name, enrolment.seat.language
        billing = getattr(enrolment.order_line.order, "billing", None) if enrolment.order_line_id else None
        if billing is not None:
            return billing.company_name, billing.language
    return "", settings.LANGUAGE_CODE


def _save_with_free_index(certificate: Certificate) -> Certificate:
    """Save with a random free place in the status list: verifiers who fetch the list
    learn nothing from the order of places (the specification's herd privacy)."""
    for _attempt in range(20):
        certificate.status_index = secrets.randbelow(LIST_SIZE)
        if Certificate.objects.filter(status_index=certificate.status_index).exists():
            continue
        try:
            with transaction.atomic():
                certificate.save()
            return certificate
        except IntegrityError:
            first_for_completion = certificate.reissue_of_id is None
            if (
                first_for_completion
                and Certificate.objects.filter(completion=certificate.completion, reissue_of=None).exists()
            ):
                raise
            certificate.pk = None
    raise RuntimeError("No free place in the certificate status list.")
