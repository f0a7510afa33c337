"""`manage.py verify_credential`: checks a credential file offline and says why it fails."""

import json
from datetime import UTC, date, datetime, timedelta

from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.utils import timezone

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from certificates import keys
from certificates.models import Certificate
from certificates.signing import SIGNATURE_MISMATCH, public_key_multibase, sign
from courses.models import Course, Seller
from tests.certificates.test_signing import open_badge_credential

pytestmark = pytest.mark.django_db


def xsd(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@pytest.fixture
def certificate():
    seller = Seller.objects.create(
        name="Cloocast", slug="cloocast", group=Group.objects.create(name="Cloocast")
    )
    course = Course.objects.create(code="dataskydd", seller=seller)
    return Certificate.objects.create(
        course=course,
        learner_name="Anna Svensson",
        course_titles={"sv": "Dataskydd i praktiken"},
        completed_on=date.today(),
        language="sv",
        status_index=42,
    )


def unsigned_credential(certificate, **changes) -> dict:
    return open_badge_credential(
        **{
            "id": f"urn:uuid:{certificate.uuid}",
            "issuer": {"id": keys.issuer_id(), "type": ["Profile"], "name": "Cloocast AB"},
            "validFrom": xsd(timezone.now() - timedelta(days=1)),
            "credentialStatus": {
                "id": f"{keys.status_list_id(1)}#{certificate.status_index}",
                "type": "BitstringStatusListEntry",
                "statusPurpose": "revocation",
                "statusListIndex": str(certificate.status_index),
                "statusListCredential": keys.status_list_id(1),
            },
            **changes,
        }
    )


def signed_with_platform_key(document: dict) -> dict:
    private_key, key = keys.current_signing_key()
    return sign(document, private_key, keys.key_id(key.public_key_multibase))


@pytest.fixture
def write(tmp_path):
    def write(content, name="credential.json"):
        path = tmp_path / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(json.dumps(content, ensure_ascii=False, indent=2), encoding="utf-8")
        return str(path)

    return write


def verify_command(*args) -> str:
    out = []

    class Out:
        def write(self, text):
            out.append(text)

        def flush(self):
            pass

    call_command("verify_credential", *args, stdout=Out())
    return "".join(out)


def problems_of(*args) -> str:
    with pytest.raises(CommandError) as failed:
        verify_command(*args)
    assert failed.value.returncode == 1  # manage.py exits with it
    return str(failed.value)


def test_issued_credential_verifies(certificate, write):
    path = write(signed_with_platform_key(unsigned_credential(certificate)))
    output = verify_command(path)
    assert output.startswith(
        "The credential verifies: “Dataskydd i praktiken”, issued by Cloocast AB, valid from "
    )


def test_credential_with_an_end_says_until_when(certificate, write):
    until = timezone.now() + timedelta(days=365)
    path = write(signed_with_platform_key(unsigned_credential(certificate, validUntil=xsd(until))))
    assert f"until {timezone.localtime(until).date().isoformat()}." in verify_command(path)


def test_one_changed_byte_fails_with_the_reason(certificate, write):
    path = write(signed_with_platform_key(unsigned_credential(certificate)))
    with open(path, "rb") as file:
        content = file.read()
    changed = write(content.replace(b"Anna Svensson", b"Anna Svensspn"), name="changed.json")
    assert f"- {SIGNATURE_MISMATCH}" in problems_of(changed)


def test_revoked_certificate_says_when_and_why(certificate, write):
    path = write(signed_with_platform_key(unsigned_credential(certificate)))
    certificate.revoked_at = datetime(2026, 11, 28, 9, 0, tzinfo=UTC)
    certificate.revoked_reason = "Fel namn"
    certificate.save()
    assert "- the certificate was revoked on 2026-11-28 (Fel namn)" in problems_of(path)


def test_expired_and_not_yet_valid(certificate, write):
    document = unsigned_credential(
        certificate,
        validFrom=xsd(timezone.now() + timedelta(days=2)),
        validUntil=xsd(datetime(2026, 1, 31, 12, tzinfo=UTC)),
    )
    problems = problems_of(write(signed_with_platform_key(document)))
    assert "- the credential expired on 2026-01-31" in problems
    assert "- the credential is not valid before " in problems


def test_credential_of_another_issuer_or_shape(certificate, write):
    document = unsigned_credential(
        certificate,
        type=["VerifiableCredential"],
        issuer={"id": "https://elsewhere.example/issuer", "type": ["Profile"], "name": "Annan AB"},
    )
    problems = problems_of(write(signed_with_platform_key(document)))
    assert "- the credential is not of type OpenBadgeCredential" in problems
    assert (
        "- the issuer is 'https://elsewhere.example/issuer', not this platform (http://testserver/certificates/issuer)"
        in problems
    )


def test_unknown_certificate_is_reported(certificate, write):
    document = unsigned_credential(certificate, id="urn:uuid:00000000-0000-4000-8000-000000000000")
    assert "- no certificate with this credential's id is on record" in problems_of(
        write(signed_with_platform_key(document))
    )


def test_not_json(write):
    with pytest.raises(CommandError, match="is not JSON"):
        verify_command(write(b"<html>not a credential</html>"))


def test_json_that_is_not_an_object(write):
    with pytest.raises(CommandError, match="not an object"):
        verify_command(write([1, 2, 3]))


def test_missing_file(tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        verify_command(str(tmp_path / "nowhere.json"))


@pytest.fixture
def offline_key():
    """A key the platform has never recorded: one a verifier is handed separately."""
    return Ed25519PrivateKey.generate()


@pytest.fixture
def signed_elsewhere(certificate, offline_key, write):
    multibase = public_key_multibase(offline_key.public_key())
    return write(sign(unsigned_credential(certificate), offline_key, keys.key_id(multibase)))


def test_key_not_on_record_is_not_trusted(signed_elsewhere, offline_key):
    multibase = public_key_multibase(offline_key.public_key())
    assert f"- the key {keys.key_id(multibase)} is not one of the issuer's keys" in problems_of(
        signed_elsewhere
    )


def test_key_option_with_a_multibase(signed_elsewhere, offline_key):
    multibase = public_key_multibase(offline_key.public_key())
    assert verify_command(signed_elsewhere, "--key", multibase).startswith("The credential verifies")


def test_key_option_with_a_multikey_document(signed_elsewhere, offline_key, write):
    multibase = public_key_multibase(offline_key.public_key())
    key_file = write(
        {
            "@context": "https://w3id.org/security/multikey/v1",
            "id": keys.key_id(multibase),
            "type": "Multikey",
            "controller": keys.issuer_id(),
            "publicKeyMultibase": multibase,
        },
        name="key.json",
    )
    assert verify_command(signed_elsewhere, "--key", key_file).startswith("The credential verifies")


def test_key_option_with_the_wrong_key(signed_elsewhere):
    other = public_key_multibase(Ed25519PrivateKey.generate().public_key())
    assert f"- {SIGNATURE_MISMATCH}" in problems_of(signed_elsewhere, "--key", other)


def test_key_option_that_is_no_key(signed_elsewhere):
    with pytest.raises(CommandError, match="is not an Ed25519 Multikey"):
        verify_command(signed_elsewhere, "--key", "not-a-key")
