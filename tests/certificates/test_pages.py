"""The certificate pages by role: the holder's own (My certificates, downloads, sharing),
the public verification page, the machine-readable documents and staff's revocation."""

import json

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

import pypdfium2
import pytest
import zxingcpp

from certificates import status_list
from certificates.models import Certificate
from tests.factories.home import UserFactory

pytestmark = pytest.mark.django_db


def own_urls(certificate):
    pk = certificate.pk
    return [
        ("get", reverse("account-certificate-pdf", kwargs={"pk": pk})),
        ("get", reverse("account-certificate-credential", kwargs={"pk": pk})),
        ("post", reverse("account-certificate-share", kwargs={"pk": pk})),
        ("post", reverse("account-certificate-reissue", kwargs={"pk": pk})),
    ]


def pdf_text_and_qr(content: bytes) -> tuple[str, str]:
    """The PDF's text, and the URL its QR code holds, read from the rendered page as a
    phone's camera would."""
    document = pypdfium2.PdfDocument(content)
    page = document[0]
    text = page.get_textpage().get_text_range()
    image = page.render(scale=3).to_pil()
    [barcode] = zxingcpp.read_barcodes(image)
    return text, barcode.text


def test_my_certificates_lists_the_holders_certificates(client, certificate, holder):
    client.force_login(holder)

    response = client.get(reverse("account-certificates"))

    text = response.content.decode()
    assert "Dataskydd i praktiken" in text
    assert certificate.display_code in text
    assert "linkedin.com/profile/add?" in text and "platform.linkedin.com" not in text


def test_the_pdf_holds_the_name_the_course_and_a_qr_code_to_the_verification_page(
    client, certificate, holder
):
    client.force_login(holder)

    response = client.get(reverse("account-certificate-pdf", kwargs={"pk": certificate.pk}))

    assert response["Content-Type"] == "application/pdf"
    text, url = pdf_text_and_qr(response.content)
    assert "Anna Andersson" in text and "Dataskydd i praktiken" in text and "Karin Lund" in text
    assert url == f"http://testserver/sv/certificates/verify/{certificate.code}/"


def test_the_pdf_in_english(client, certificate, holder):
    client.force_login(holder)

    response = client.get(f"/en/shop/accounts/certificates/{certificate.pk}/certificate.pdf")

    text, url = pdf_text_and_qr(response.content)
    assert "has successfully completed" in text  # the design's English statement
    assert url.startswith("http://testserver/en/certificates/verify/")


def test_the_credential_downloads_as_json_ld(client, certificate, holder):
    client.force_login(holder)

    response = client.get(reverse("account-certificate-credential", kwargs={"pk": certificate.pk}))

    assert response["Content-Type"] == "application/ld+json"
    assert json.loads(response.content) == Certificate.objects.get().credential


@pytest.mark.parametrize("who", ["visitor", "other learner", "staff", "seller", "editor"])
def test_nobody_else_reaches_a_holders_certificate(client, certificate, who, staff, seller, editor):
    people = {"other learner": UserFactory(), "staff": staff, "seller": seller, "editor": editor}
    if who in people:
        client.force_login(people[who])
    before = Certificate.objects.values().get()

    for method, url in own_urls(certificate):
        response = getattr(client, method)(url, {"shared": "1"} if method == "post" else None)
        assert response.status_code == (302 if who == "visitor" else 404), url

    assert Certificate.objects.values().get() == before


def test_sharing_opens_and_closes_a_public_page(client, certificate, holder):
    public = reverse("certificate-shared", kwargs={"code": certificate.code})
    assert client.get(public).status_code == 404  # off by default
    client.force_login(holder)

    client.post(reverse("account-certificate-share", kwargs={"pk": certificate.pk}), {"shared": "1"})
    client.logout()
    assert "Anna Andersson" in client.get(public).content.decode()

    client.force_login(holder)
    client.post(reverse("account-certificate-share", kwargs={"pk": certificate.pk}), {"shared": "0"})
    assert client.get(public).status_code == 404


def test_a_name_change_offers_a_reissue(client, certificate, holder):
    client.force_login(holder)
    assert "Reissue" not in client.get("/en/shop/accounts/certificates/").content.decode()
    holder.last_name = "Berg"
    holder.save()

    assert "Reissue with my current name" in client.get("/en/shop/accounts/certificates/").content.decode()
    client.post(reverse("account-certificate-reissue", kwargs={"pk": certificate.pk}))

    assert Certificate.objects.get(revoked_at__isnull=True).learner_name == "Anna Berg"
    old = client.get(f"/en/certificates/verify/{certificate.code}/").content.decode()
    assert "Revoked" in old and "replaced by a reissued certificate" in old


def test_the_verification_page_shows_valid_and_the_facts(client, certificate):
    text = client.get(f"/en/certificates/verify/{certificate.code}/").content.decode()

    assert "Valid" in text and "Anna Andersson" in text and "Dataskydd i praktiken" in text


def test_a_code_typed_from_paper_is_found(client, certificate):
    typed = certificate.display_code.lower()

    response = client.get("/sv/certificates/verify/", {"code": typed})

    assert response.status_code == 302
    assert response.url == f"/sv/certificates/verify/{certificate.code}/"


def test_an_expired_certificate_says_so(client, certificate):
    Certificate.objects.filter(pk=certificate.pk).update(expires_on=timezone.localdate().replace(year=2020))

    assert "Expired" in client.get(f"/en/certificates/verify/{certificate.code}/").content.decode()


@pytest.mark.parametrize(
    "code",
    [
        "0" * 20,
        "ÅÄÖ",
        "x" * 5000,
        "%00",
        "'; DROP TABLE",
        "名前名前名前名前名前名前名前名前名前名前",
        "--",
        "a/b",
    ],
)
def test_codes_that_are_not_a_certificates_answer_404(client, certificate, code):
    response = client.get(f"/sv/certificates/verify/{code}/")
    assert response.status_code == 404
    assert "Anna" not in response.content.decode()


def test_odd_input_to_the_form_is_a_message(client, db, home_page):
    for typed in ["x" * 5000, "ÅÄÖ", "0000-0000-0000-0000-0000"]:
        response = client.get("/en/certificates/verify/", {"code": typed})
        assert response.status_code == 200
        assert "No certificate has this code" in response.content.decode()
    assert client.get("/en/certificates/verify/", {"code": "\x00"}).status_code == 400


def test_staff_revoke_and_everything_says_so(client, certificate, staff):
    client.force_login(staff)
    detail = reverse("certificates_admin_detail", kwargs={"pk": certificate.pk})
    assert client.get(reverse("certificates_admin_list"), {"q": "Anna"}).status_code == 200

    client.post(detail, {"reason": "Fel person"})

    certificate.refresh_from_db()
    assert certificate.revoked_at and certificate.revoked_by == staff
    text = client.get(f"/en/certificates/verify/{certificate.code}/").content.decode()
    assert "Revoked" in text and "Fel person" not in text  # the date, never the reason
    listed = client.get(reverse("certificate-status-list", kwargs={"number": 1})).json()
    assert status_list.is_set(listed["credentialSubject"]["encodedList"], certificate.status_index)


def test_a_cached_verification_page_follows_a_revocation_and_an_anonymisation(client, certificate, staff):
    from django.test import Client

    from gdpr.registry import registry

    url = f"/en/certificates/verify/{certificate.code}/"
    Client().get(url)
    with CaptureQueriesContext(connection) as queries:
        assert "Anna" in Client().get(url).content.decode()
    assert len(queries) == 0  # served from the page cache (home/page_cache.py)

    client.force_login(staff)
    client.post(reverse("certificates_admin_detail", kwargs={"pk": certificate.pk}), {"reason": "Fel person"})
    assert "Revoked" in Client().get(url).content.decode()

    registry.declarations["certificates.Certificate"].erasure.apply(
        Certificate.objects.filter(pk=certificate.pk)
    )
    assert "Anna" not in Client().get(url).content.decode()


def test_a_revocation_needs_a_reason(client, certificate, staff):
    client.force_login(staff)

    response = client.post(
        reverse("certificates_admin_detail", kwargs={"pk": certificate.pk}), {"reason": ""}
    )

    assert response.status_code == 200
    assert Certificate.objects.get().revoked_at is None


@pytest.mark.parametrize("who", ["learner", "editor", "seller"])
def test_only_staff_reach_the_admin_pages(client, certificate, who, holder, editor, seller):
    client.force_login({"learner": holder, "editor": editor, "seller": seller}[who])

    for url in (
        reverse("certificates_admin_list"),
        reverse("certificates_admin_detail", kwargs={"pk": certificate.pk}),
    ):
        assert client.get(url).status_code in (302, 403)
        client.post(url, {"reason": "x"})

    assert Certificate.objects.get().revoked_at is None


def test_issuer_key_and_status_list_are_published(client, certificate):
    credential = certificate.credential
    issuer = client.get("/certificates/issuer").json()
    assert issuer["id"] == credential["issuer"]["id"] == "http://testserver/certificates/issuer"

    key_url = credential["proof"]["verificationMethod"]
    key = client.get(key_url.removeprefix("http://testserver")).json()
    assert key["type"] == "Multikey" and key["controller"] == issuer["id"]

    listed = client.get("/certificates/status/1").json()
    assert not status_list.is_set(listed["credentialSubject"]["encodedList"], certificate.status_index)
    # Not found (after LocaleMiddleware's detour through a language prefix).
    assert client.get("/certificates/status/2", follow=True).status_code == 404
    assert client.get("/certificates/keys/z6MkNotOurs", follow=True).status_code == 404


def test_a_design_previews_a_sample_certificate_in_each_language(rf, design):
    for language, wording in (("sv", "Kursintyg"), ("en", "has successfully completed")):
        response = design.serve_preview(rf.get("/"), language)
        text = response.content.decode()
        assert wording in text and "Karin Lund" in text and "Anna Andersson" in text


def test_my_certificates_queries_stay_flat(client, holder, certificate):
    client.force_login(holder)
    client.get(reverse("account-certificates"))  # the session and the site settings, cached

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("account-certificates")).status_code == 200
        return len(captured)

    one = queries()
    for n in range(5):
        Certificate.objects.create(
            user=holder,
            course=certificate.course,
            learner_name="Anna Andersson",
            course_titles={"sv": f"Kurs {n}"},
            completed_on=timezone.localdate(),
            language="sv",
            status_index=certificate.status_index + 1 + n,
        )

    assert queries() == one <= 14
