"""Signing and verifying credentials (eddsa-rdfc-2022), the contexts we hold, and the
platform's keys."""

import copy
import hashlib
import os
import socket
import stat
import time
from datetime import UTC, datetime

from django.core.exceptions import ImproperlyConfigured

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from certificates import jsonld, keys
from certificates.models import SigningKey
from certificates.signing import (
    SIGNATURE_MISMATCH,
    UndefinedTerms,
    base58btc_decode,
    base58btc_encode,
    public_key_from_multibase,
    public_key_multibase,
    sign,
    verify,
)

CREATED = datetime(2026, 11, 25, 10, 30, tzinfo=UTC)


def open_badge_credential(**changes) -> dict:
    """The shape certificates/credentials.py builds, with made-up values."""
    credential = {
        "@context": [jsonld.VC_V2, jsonld.OB_V3],
        "id": "urn:uuid:7f3d6a52-3c1e-4f0c-9b8e-5a2d1c0e9f41",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": "http://testserver/certificates/issuer", "type": ["Profile"], "name": "Cloocast AB"},
        "validFrom": "2026-11-25T10:30:00Z",
        "name": "Dataskydd i praktiken",
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": [
                {
                    "type": "IdentityObject",
                    "identityHash": "Anna Svensson",
                    "identityType": "name",
                    "hashed": False,
                }
            ],
            "achievement": {
                "id": "http://testserver/certificates/issuer/achievements/dataskydd",
                "type": ["Achievement"],
                "name": "Dataskydd i praktiken",
                "description": "Kursen “Dataskydd i praktiken”, given av Cloocast AB.",
                "criteria": {"narrative": "Alla lektioner avklarade."},
            },
        },
        "credentialStatus": {
            "id": "http://testserver/certificates/status/1#42",
            "type": "BitstringStatusListEntry",
            "statusPurpose": "revocation",
            "statusListIndex": "42",
            "statusListCredential": "http://testserver/certificates/status/1",
        },
    }
    credential.update(changes)
    return credential


@pytest.fixture(autouse=True)
def _no_network(monkeypatch):
    """Signing and verifying must never reach the network; the database (loopback) may."""
    connect = socket.socket.connect

    def loopback_only(sock, address):
        if sock.family in (socket.AF_INET, socket.AF_INET6) and address[0] not in (
            "127.0.0.1",
            "::1",
            "localhost",
        ):
            raise AssertionError(f"tried to reach {address} over the network")
        return connect(sock, address)

    monkeypatch.setattr(socket.socket, "connect", loopback_only)


@pytest.fixture
def private_key():
    return Ed25519PrivateKey.generate()


@pytest.fixture
def method(private_key):
    return f"http://testserver/certificates/keys/{public_key_multibase(private_key.public_key())}"


@pytest.fixture
def signed(private_key, method):
    return sign(open_badge_credential(), private_key, method, created=CREATED)


@pytest.fixture
def resolve(private_key, method):
    return lambda url: private_key.public_key() if url == method else None


# --- Signing and verifying -------------------------------------------------------


def test_signed_credential_verifies(signed, resolve):
    assert verify(signed, resolve) == []


def test_proof_is_a_data_integrity_proof(signed, method):
    proof = signed["proof"]
    assert {k: v for k, v in proof.items() if k != "proofValue"} == {
        "type": "DataIntegrityProof",
        "cryptosuite": "eddsa-rdfc-2022",
        "created": "2026-11-25T10:30:00Z",
        "verificationMethod": method,
        "proofPurpose": "assertionMethod",
    }
    assert proof["proofValue"].startswith("z")
    assert len(base58btc_decode(proof["proofValue"][1:])) == 64


def test_signing_leaves_the_document_alone(private_key, method):
    document = open_badge_credential()
    before = copy.deepcopy(document)
    sign(document, private_key, method)
    assert document == before


def test_created_defaults_to_now_without_microseconds(private_key, method):
    proof = sign(open_badge_credential(), private_key, method)["proof"]
    created = datetime.fromisoformat(proof["created"].replace("Z", "+00:00"))
    assert proof["created"].endswith("Z") and "." not in proof["created"]
    assert abs((datetime.now(UTC) - created).total_seconds()) < 5


def test_signing_a_signed_document_is_refused(signed, private_key, method):
    with pytest.raises(ValueError, match="already has a proof"):
        sign(signed, private_key, method)


# From the specification's own example (w3c/vc-di-eddsa, TestVectors/, § B.1): the
# same key, document and time must give the same signature, byte for byte.
SPEC_KEY = "z3u2en7t5LR2WtQH5PfFqMqwVHBeXouLzo6haApm8XHqvjxq"  # multicodec ed25519-priv
SPEC_PUBLIC_KEY = "z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2"
SPEC_METHOD = f"did:key:{SPEC_PUBLIC_KEY}#{SPEC_PUBLIC_KEY}"
SPEC_PROOF_VALUE = "z2YwC8z3ap7yx1nZYCg4L3j3ApHsF8kgPdSb5xoS1VR7vPG3F561B52hYnQF9iseabecm3ijx4K1FBTQsCZahKZme"
SPEC_CANONICAL_DOCUMENT = """\
<did:example:abcdefgh> <https://www.w3.org/ns/credentials/examples#alumniOf> "The School of Examples" .
<urn:uuid:58172aac-d8ba-11ed-83dd-0b3aef56cc33> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://www.w3.org/2018/credentials#VerifiableCredential> .
<urn:uuid:58172aac-d8ba-11ed-83dd-0b3aef56cc33> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://www.w3.org/ns/credentials/examples#AlumniCredential> .
<urn:uuid:58172aac-d8ba-11ed-83dd-0b3aef56cc33> <https://schema.org/description> "A minimum viable example of an Alumni Credential." .
<urn:uuid:58172aac-d8ba-11ed-83dd-0b3aef56cc33> <https://schema.org/name> "Alumni Credential" .
<urn:uuid:58172aac-d8ba-11ed-83dd-0b3aef56cc33> <https://www.w3.org/2018/credentials#credentialSubject> <did:example:abcdefgh> .
<urn:uuid:58172aac-d8ba-11ed-83dd-0b3aef56cc33> <https://www.w3.org/2018/credentials#issuer> <https://vc.example/issuers/5678> .
<urn:uuid:58172aac-d8ba-11ed-83dd-0b3aef56cc33> <https://www.w3.org/2018/credentials#validFrom> "2023-01-01T00:00:00Z"^^<http://www.w3.org/2001/XMLSchema#dateTime> .
"""


def spec_unsigned_document() -> dict:
    # The example's second context, https://www.w3.org/ns/credentials/examples/v2, is
    # exactly this @vocab; given inline, it yields the same RDF and so the same signature.
    return {
        "@context": [jsonld.VC_V2, {"@vocab": "https://www.w3.org/ns/credentials/examples#"}],
        "id": "urn:uuid:58172aac-d8ba-11ed-83dd-0b3aef56cc33",
        "type": ["VerifiableCredential", "AlumniCredential"],
        "name": "Alumni Credential",
        "description": "A minimum viable example of an Alumni Credential.",
        "issuer": "https://vc.example/issuers/5678",
        "validFrom": "2023-01-01T00:00:00Z",
        "credentialSubject": {"id": "did:example:abcdefgh", "alumniOf": "The School of Examples"},
    }


def test_specification_example_signs_byte_for_byte():
    private_bytes = base58btc_decode(SPEC_KEY[1:])
    assert private_bytes[:2] == b"\x80\x26"
    private_key = Ed25519PrivateKey.from_private_bytes(private_bytes[2:])
    assert public_key_multibase(private_key.public_key()) == SPEC_PUBLIC_KEY
    document = spec_unsigned_document()
    assert jsonld.canonicalize(document) == SPEC_CANONICAL_DOCUMENT

    signed = sign(document, private_key, SPEC_METHOD, created=datetime(2023, 2, 24, 23, 36, 38, tzinfo=UTC))

    assert signed["proof"]["proofValue"] == SPEC_PROOF_VALUE
    assert verify(signed, lambda url: public_key_from_multibase(SPEC_PUBLIC_KEY)) == []


def test_one_changed_character_in_the_subject_fails(signed, resolve):
    signed["credentialSubject"]["identifier"][0]["identityHash"] = "Anna Svenson"
    assert verify(signed, resolve) == [SIGNATURE_MISMATCH]


def test_credential_signed_with_another_key_fails(method, resolve):
    """Signed by a stranger who names our key as the one that signed."""
    forged = sign(open_badge_credential(), Ed25519PrivateKey.generate(), method)
    problems = verify(forged, resolve)
    assert problems == [SIGNATURE_MISMATCH]
    assert "signed with another key" in problems[0]


def test_unknown_key_is_named(private_key):
    stranger = "http://testserver/certificates/keys/z6MkStranger"
    signed = sign(open_badge_credential(), private_key, stranger)
    assert verify(signed, lambda url: None) == [f"the key {stranger} is not one of the issuer's keys"]


@pytest.mark.parametrize(
    ("field", "value", "problem"),
    [
        ("type", None, "the proof has no type (expected DataIntegrityProof)"),
        (
            "type",
            "Ed25519Signature2020",
            "the proof's type is 'Ed25519Signature2020', not DataIntegrityProof",
        ),
        ("cryptosuite", "eddsa-jcs-2022", "the proof's cryptosuite is 'eddsa-jcs-2022', not eddsa-rdfc-2022"),
        (
            "proofPurpose",
            "authentication",
            "the proof's proofPurpose is 'authentication', not assertionMethod",
        ),
        ("created", None, "the proof does not say when it was created"),
        ("created", "yesterday", "the proof's creation time 'yesterday' is not a valid date and time"),
        (
            "verificationMethod",
            None,
            "the proof does not name the key it was signed with (verificationMethod)",
        ),
        ("proofValue", None, "the proof has no signature (proofValue)"),
        ("proofValue", "uAAAA", "the proofValue is not a base58btc multibase value (one starting with z)"),
        ("proofValue", "z0OIl", "the proofValue is not a base58btc multibase value (one starting with z)"),
        (
            "proofValue",
            "z" + base58btc_encode(bytes(32)),
            "the proofValue holds 32 bytes, not the 64 of an Ed25519 signature",
        ),
    ],
)
def test_broken_proof_is_explained(signed, resolve, field, value, problem):
    if value is None:
        del signed["proof"][field]
    else:
        signed["proof"][field] = value
    assert problem in verify(signed, resolve)


def test_changed_creation_time_breaks_the_signature(signed, resolve):
    signed["proof"]["created"] = "2026-11-26T10:30:00Z"
    assert verify(signed, resolve) == [SIGNATURE_MISMATCH]


def test_credential_without_proof(resolve):
    assert verify(open_badge_credential(), resolve) == ["the credential has no proof (it is not signed)"]


def test_extra_property_in_proof_is_reported(signed, resolve):
    signed["proof"]["note"] = "added later"
    assert verify(signed, resolve) == [
        "the credential has properties or types its contexts do not define, so the signature "
        "does not cover them: proof note"
    ]


@pytest.mark.parametrize(
    "junk",
    [
        None,
        [],
        "credential",
        42,
        {"proof": []},
        {"proof": "z123"},
        {"@context": 5, "proof": {}},
        {"@context": [jsonld.VC_V2], "proof": {"proofValue": 5, "verificationMethod": ["a"]}},
        {"@context": [jsonld.VC_V2, {"@vocab": 3}], "proof": {"type": "DataIntegrityProof"}},
        {
            "@context": [jsonld.VC_V2],
            "proof": {"created": 2026, "type": {}},
            "credentialSubject": [[[{"id": 1}]]],
        },
        {"@context": [jsonld.VC_V2], "type": 7, "proof": {"proofValue": "z" + "2" * 5000}},
        {"@context": [[[]]], "proof": {"cryptosuite": None}},
        {"@context": "https://example.com/evil", "proof": {}},
    ],
)
def test_verify_explains_malformed_input_instead_of_raising(junk, resolve):
    problems = verify(junk, resolve)
    assert problems
    assert all(isinstance(problem, str) and problem for problem in problems)


def test_verify_survives_a_key_resolver_that_fails(signed):
    def broken(url):
        raise RuntimeError("database is down")

    assert verify(signed, broken) == ["the credential could not be checked: database is down"]


def test_poisoned_credential_is_refused_quickly(private_key, method, resolve):
    """Nine blank nodes that all look alike would keep RDFC-1.0 busy for minutes."""
    nodes = [
        {"id": f"_:b{i}", "type": "Achievement", "related": [{"id": f"_:b{j}"} for j in range(9) if j != i]}
        for i in range(9)
    ]
    document = open_badge_credential(credentialSubject={"type": "AchievementSubject", "achievement": nodes})
    started = time.monotonic()
    problems = verify(
        {**document, "proof": sign(open_badge_credential(), private_key, method)["proof"]}, resolve
    )
    assert time.monotonic() - started < 10
    assert any("too many blank nodes" in problem for problem in problems)


# --- Terms the contexts do not define ------------------------------------------------

# What an OpenBadgeCredential of ours may say, beyond the minimal shape above.
DEFINED_EXTRAS = {
    "validUntil": "2028-11-25T23:59:59Z",
    "description": "Intyg",
    "image": {"id": "http://testserver/media/badge.png", "type": "Image"},
    "awardedDate": "2026-11-25T10:30:00Z",
    "evidence": [{"id": "http://testserver/evidence/1", "type": ["Evidence"], "narrative": "Prov"}],
}
DEFINED_IN_ACHIEVEMENT = {
    "achievementType": "Course",
    "version": "2",
    "creator": {"id": "http://testserver/certificates/issuer", "type": ["Profile"], "name": "Cloocast AB"},
    "image": {"id": "http://testserver/media/badge.png", "type": "Image"},
    "inLanguage": "sv",
    "humanCode": "GDPR-1",
    "fieldOfStudy": "Dataskydd",
    "tag": ["gdpr"],
}
DEFINED_IN_SUBJECT = {"activityEndDate": "2026-11-25T12:00:00Z", "activityStartDate": "2026-11-01T12:00:00Z"}


def test_the_credential_shape_and_its_optional_properties_are_all_defined():
    credential = open_badge_credential(**DEFINED_EXTRAS)
    credential["credentialSubject"].update(DEFINED_IN_SUBJECT)
    credential["credentialSubject"]["achievement"].update(DEFINED_IN_ACHIEVEMENT)
    assert jsonld.undefined_terms(open_badge_credential()) == []
    assert jsonld.undefined_terms(credential) == []


@pytest.mark.parametrize(
    ("change", "term"),
    [
        (lambda c: c.update(grade="A"), "grade"),
        # Profile defines email; an AchievementSubject does not.
        (lambda c: c["credentialSubject"].update(email="anna@example.com"), "email"),
        (lambda c: c["credentialSubject"]["achievement"].update(duration="PT3H"), "duration"),
        (lambda c: c["issuer"].update(vatNumber="SE559251455701"), "vatNumber"),
        (lambda c: c.update(type=["VerifiableCredential", "CourseCertificate"]), "type CourseCertificate"),
        (lambda c: c.update(id="certificate-42"), "id certificate-42"),
    ],
)
def test_undefined_term_is_refused_by_sign_and_reported_by_verify(private_key, method, resolve, change, term):
    credential = open_badge_credential()
    change(credential)
    with pytest.raises(UndefinedTerms) as refused:
        sign(credential, private_key, method)
    assert term in refused.value.terms

    signed = sign(open_badge_credential(), private_key, method)
    change(signed)
    problems = verify(signed, resolve)
    assert any("do not define" in problem and term in problem for problem in problems)


def test_document_without_context_is_refused(private_key, method):
    credential = open_badge_credential()
    del credential["@context"]
    with pytest.raises(ValueError, match="no @context"):
        sign(credential, private_key, method)


# --- Control characters ---------------------------------------------------------------


def test_strings_with_control_characters_sign_and_verify(private_key, method, resolve):
    credential = open_badge_credential(name="Data\bskydd\f i\x01 prak\x7ftiken\r\n\tdel 1")
    signed = sign(credential, private_key, method)
    assert signed["name"] == "Dataskydd i praktiken\n\tdel 1"
    assert verify(signed, resolve) == []


def test_clean_strings_cleans_keys_and_nested_values_and_keeps_the_rest():
    dirty = {"a\x02": ["x\x1fy", {"b": "\x00z"}], "n": 1, "t": True, "none": None}
    assert jsonld.clean_strings(dirty) == {"a": ["xy", {"b": "z"}], "n": 1, "t": True, "none": None}


def test_control_characters_added_after_signing_are_reported(signed, resolve):
    signed["name"] += "\b"
    assert "the credential contains control characters, which no credential is signed with" in verify(
        signed, resolve
    )


# --- Contexts: local files only ---------------------------------------------------------


def test_document_loader_serves_the_held_contexts():
    for url in (jsonld.VC_V2, jsonld.OB_V3, jsonld.MULTIKEY_V1):
        assert "@context" in jsonld.document_loader(url)["document"]


def test_document_loader_refuses_any_other_url():
    with pytest.raises(jsonld.ContextNotHeld, match="https://www.w3.org/ns/credentials/examples/v2"):
        jsonld.document_loader("https://www.w3.org/ns/credentials/examples/v2")


def test_canonicalising_with_a_context_we_do_not_hold_fails_clearly():
    document = open_badge_credential(**{"@context": [jsonld.VC_V2, "https://example.com/context.json"]})
    with pytest.raises(jsonld.ContextNotHeld) as refused:
        jsonld.canonicalize(document)
    assert refused.value.url == "https://example.com/context.json"


def test_verify_reports_a_context_it_does_not_hold(signed, resolve):
    signed["@context"] = [jsonld.VC_V2, "https://example.com/context.json"]
    assert (
        "the credential uses the context https://example.com/context.json, which this verifier does not hold"
        in verify(signed, resolve)
    )


def test_held_vc_context_is_the_one_the_recommendation_fixes():
    """VC Data Model 2.0, § B.1: the base context's SHA-256."""
    digest = hashlib.sha256(jsonld.CONTEXTS[jsonld.VC_V2].read_bytes()).hexdigest()
    assert digest == "59955ced6697d61e03f2b2556febe5308ab16842846f5b586d7f1f7adec92734"


# --- Multikey and base58btc ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "text"),
    [(b"", ""), (b"\0\0\x01", "112"), (b"hello world", "StV1DL6CwTryKyV"), (bytes([255] * 4), "7YXq9G")],
)
def test_base58btc(data, text):
    assert base58btc_encode(data) == text
    assert base58btc_decode(text) == data


def test_multikey_round_trip(private_key):
    text = public_key_multibase(private_key.public_key())
    assert text.startswith("z6Mk")
    assert public_key_from_multibase(text).public_bytes_raw() == private_key.public_key().public_bytes_raw()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("u7QE", "'z' followed by base58btc"),
        (None, "'z' followed by base58btc"),
        ("z0OIl", "Bitcoin's alphabet"),
        ("z" + base58btc_encode(b"\xe7\x01" + bytes(33)), "not 0xed 0x01"),  # secp256k1
        ("z" + base58btc_encode(b"\xed\x01" + bytes(31)), "not 31"),
    ],
)
def test_multikey_bad_input(text, message):
    with pytest.raises(ValueError, match=message):
        public_key_from_multibase(text)


# --- The platform's key ---------------------------------------------------------------------


def pem(key) -> str:
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()


@pytest.fixture
def key_settings(settings):
    """No key configured; changing either setting makes keys.py forget the key it read."""
    settings.CERTIFICATE_SIGNING_KEY = ""
    settings.CERTIFICATE_SIGNING_KEY_FILE = None
    return settings


def test_key_from_setting(key_settings, private_key):
    key_settings.CERTIFICATE_SIGNING_KEY = pem(private_key)
    assert keys.load_private_key().public_key() == private_key.public_key()


def test_key_from_setting_on_one_line(key_settings, private_key):
    key_settings.CERTIFICATE_SIGNING_KEY = pem(private_key).replace("\n", "\\n")
    assert keys.load_private_key().public_key() == private_key.public_key()


def test_key_setting_wins_over_file(key_settings, private_key, tmp_path):
    key_settings.CERTIFICATE_SIGNING_KEY_FILE = keys.generate_key_file(tmp_path / "key.pem")
    key_settings.CERTIFICATE_SIGNING_KEY = pem(private_key)
    assert keys.load_private_key().public_key() == private_key.public_key()


def test_key_from_file(key_settings, tmp_path):
    path = keys.generate_key_file(tmp_path / "secret" / "key.pem")
    key_settings.CERTIFICATE_SIGNING_KEY_FILE = path
    key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    assert keys.load_private_key().public_key() == key.public_key()


def test_key_is_cached_until_cleared(key_settings, tmp_path):
    path = keys.generate_key_file(tmp_path / "key.pem")
    key_settings.CERTIFICATE_SIGNING_KEY_FILE = path
    first = keys.load_private_key()
    path.unlink()
    assert keys.load_private_key() is first
    keys.load_private_key.cache_clear()
    with pytest.raises(ImproperlyConfigured):
        keys.load_private_key()


def test_key_file_is_private_and_never_overwritten(tmp_path):
    path = keys.generate_key_file(tmp_path / "a" / "b" / "key.pem")
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    before = path.read_bytes()
    with pytest.raises(FileExistsError):
        keys.generate_key_file(path)
    assert path.read_bytes() == before


def test_missing_key_names_the_settings(key_settings):
    with pytest.raises(ImproperlyConfigured, match="CERTIFICATE_SIGNING_KEY_FILE"):
        keys.load_private_key()


def test_missing_key_file_names_the_setting(key_settings, tmp_path):
    key_settings.CERTIFICATE_SIGNING_KEY_FILE = tmp_path / "nowhere.pem"
    with pytest.raises(ImproperlyConfigured, match="CERTIFICATE_SIGNING_KEY_FILE: cannot read"):
        keys.load_private_key()


@pytest.mark.parametrize(
    "text",
    ["not a key", pem(ec.generate_private_key(ec.SECP256R1()))],
    ids=["garbage", "P-256"],
)
def test_key_setting_that_is_no_ed25519_key_is_refused(key_settings, text):
    key_settings.CERTIFICATE_SIGNING_KEY = text
    with pytest.raises(ImproperlyConfigured, match="CERTIFICATE_SIGNING_KEY"):
        keys.load_private_key()


def test_urls_follow_the_site_address(settings):
    settings.WAGTAILADMIN_BASE_URL = "https://kurser.example/"
    assert keys.issuer_id() == "https://kurser.example/certificates/issuer"
    assert keys.key_id("z6Mk1") == "https://kurser.example/certificates/keys/z6Mk1"
    assert keys.status_list_id(1) == "https://kurser.example/certificates/status/1"
    assert keys.multibase_from_key_id("https://kurser.example/certificates/keys/z6Mk1") == "z6Mk1"
    for other in (
        "https://elsewhere.example/certificates/keys/z6Mk1",
        "https://kurser.example/certificates/keys/",
        7,
    ):
        assert keys.multibase_from_key_id(other) is None


@pytest.mark.django_db
def test_first_use_records_the_key(key_settings, private_key):
    key_settings.CERTIFICATE_SIGNING_KEY = pem(private_key)
    loaded, row = keys.current_signing_key()
    assert loaded.public_key() == private_key.public_key()
    assert row.public_key_multibase == public_key_multibase(private_key.public_key())
    assert row.retired_at is None
    assert keys.current_signing_key()[1] == row
    assert SigningKey.objects.count() == 1


@pytest.mark.django_db
def test_credential_signed_before_a_key_change_still_verifies(key_settings):
    old, new = Ed25519PrivateKey.generate(), Ed25519PrivateKey.generate()
    key_settings.CERTIFICATE_SIGNING_KEY = pem(old)
    private_key, old_row = keys.current_signing_key()
    signed_before = sign(open_badge_credential(), private_key, keys.key_id(old_row.public_key_multibase))

    key_settings.CERTIFICATE_SIGNING_KEY = pem(new)
    private_key, new_row = keys.current_signing_key()
    signed_after = sign(open_badge_credential(), private_key, keys.key_id(new_row.public_key_multibase))

    old_row.refresh_from_db()
    assert old_row.retired_at is not None and new_row.retired_at is None

    def resolve(url):
        return keys.trusted_public_key(keys.multibase_from_key_id(url))

    assert verify(signed_before, resolve) == []
    assert verify(signed_after, resolve) == []


@pytest.mark.django_db
def test_only_recorded_keys_are_trusted(private_key):
    assert keys.trusted_public_key(public_key_multibase(private_key.public_key())) is None
    assert keys.trusted_public_key(None) is None
    SigningKey.objects.create(public_key_multibase="z6MkNotAKey")
    assert keys.trusted_public_key("z6MkNotAKey") is None
