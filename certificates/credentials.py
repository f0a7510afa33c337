"""The machine-verifiable side of certificates: Open Badges 3.0 credentials, the issuer's
profile, its keys and the revocation list, as JSON-LD documents.

A credential is signed once, when its certificate is issued, and stored as signed: the
signature covers what it says in RDF (the JSON's key order does not matter), so every
download of it verifies the same. The revocation list is signed when it is asked for
and cached until a certificate's status changes.
"""

import uuid
from datetime import UTC, datetime, time

from django.core.cache import cache
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.translation import gettext

from certificates import keys, status_list
from certificates.jsonld import clean_strings
from certificates.models import Certificate, SigningKey
from certificates.signing import sign

VC_CONTEXT = "https://www.w3.org/ns/credentials/v2"
OB_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
MULTIKEY_CONTEXT = "https://w3id.org/security/multikey/v1"
CID_CONTEXT = "https://www.w3.org/ns/cid/v1"
STATUS_LIST = 1  # one list of 131,072 places; a second is for when it fills


def issuer_name() -> str:
    """The company's name in the site settings."""
    from shop.companies.mail import sender_name

    return sender_name()


def _xsd(moment: datetime) -> str:
    return moment.astimezone(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def issuer_profile() -> dict:
    """The issuer, as an Open Badges profile that is also its keys' controller document:
    each key names the issuer as controller, and the issuer lists every key it has
    signed with (replaced ones too) as an assertion method, as verifiers check."""
    base = keys.issuer_id().rsplit("/certificates/", 1)[0]
    return {
        "@context": [VC_CONTEXT, OB_CONTEXT, CID_CONTEXT],
        "id": keys.issuer_id(),
        "type": ["Profile"],
        "name": issuer_name(),
        "url": base + "/",
        "assertionMethod": [
            keys.key_id(multibase)
            for multibase in SigningKey.objects.filter(withdrawn_at__isnull=True)
            .order_by("created_at")
            .values_list("public_key_multibase", flat=True)
        ],
    }


def key_document(multibase: str) -> dict:
    return {
        "@context": MULTIKEY_CONTEXT,
        "id": keys.key_id(multibase),
        "type": "Multikey",
        "controller": keys.issuer_id(),
        "publicKeyMultibase": multibase,
    }


def credential_document(certificate: Certificate) -> dict:
    """The unsigned credential: what the certificate says, in the language it was issued in."""
    language = certificate.language
    title = certificate.course_title(language)
    with translation.override(language):
        achievement = {
            # A URN: stable for the course, and nothing to dereference that could vanish.
            "id": f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'{keys.issuer_id()}/achievements/{certificate.course.code}')}",
            "type": ["Achievement"],
            "achievementType": "Certificate",
            "name": title,
            "description": gettext("The course “%(title)s”, given by %(issuer)s.")
            % {"title": title, "issuer": issuer_name()},
            "criteria": {
                "narrative": gettext("Completed the course's lessons as its completion rule requires.")
            },
            "inLanguage": language,
        }
    if certificate.course_version:
        achievement["version"] = certificate.course_version
    document = {
        "@context": [VC_CONTEXT, OB_CONTEXT],
        "id": f"urn:uuid:{certificate.uuid}",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": keys.issuer_id(), "type": ["Profile"], "name": issuer_name()},
        "validFrom": _xsd(certificate.issued_at),
        "name": title,
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": [
                {
                    "type": "IdentityObject",
                    "identityHash": certificate.learner_name,
                    "identityType": "name",
                    "hashed": False,
                }
            ],
            "activityEndDate": _xsd(
                timezone.make_aware(datetime.combine(certificate.completed_on, time(12)))
            ),
            "achievement": achievement,
        },
        "credentialStatus": {
            "id": f"{keys.status_list_id(STATUS_LIST)}#{certificate.status_index}",
            "type": "BitstringStatusListEntry",
            "statusPurpose": "revocation",
            "statusListIndex": str(certificate.status_index),
            "statusListCredential": keys.status_list_id(STATUS_LIST),
        },
    }
    if certificate.expires_on:
        end = timezone.make_aware(datetime.combine(certificate.expires_on, time.max.replace(microsecond=0)))
        document["validUntil"] = _xsd(end)
    return clean_strings(document)


def sign_certificate(certificate: Certificate) -> dict:
    private_key, key = keys.current_signing_key()
    credential = sign(credential_document(certificate), private_key, keys.key_id(key.public_key_multibase))
    Certificate.objects.filter(pk=certificate.pk, credential__isnull=True).update(credential=credential)
    certificate.credential = credential
    return credential


def status_list_credential(number: int = STATUS_LIST) -> dict:
    """The signed revocation list: a place per certificate, set when it is revoked.

    Cached until a certificate is revoked (or anonymised, which revokes): the key holds
    the latest revocation time and their count, so the cache cannot serve a stale list.
    """
    revoked = Certificate.objects.filter(revoked_at__isnull=False)
    summary = revoked.aggregate(latest=Max("revoked_at"))
    count = revoked.count()
    latest = summary["latest"].timestamp() if summary["latest"] else 0
    cache_key = f"certificates:status:{number}:{count}:{latest}"
    document = cache.get(cache_key)
    if document is None:
        list_id = keys.status_list_id(number)
        unsigned = {
            "@context": [VC_CONTEXT],
            "id": list_id,
            "type": ["VerifiableCredential", "BitstringStatusListCredential"],
            "issuer": keys.issuer_id(),
            "validFrom": _xsd(timezone.now()),
            "credentialSubject": {
                "id": f"{list_id}#list",
                "type": "BitstringStatusList",
                "statusPurpose": "revocation",
                "encodedList": status_list.encode(revoked.values_list("status_index", flat=True)),
            },
        }
        private_key, key = keys.current_signing_key()
        document = sign(unsigned, private_key, keys.key_id(key.public_key_multibase))
        cache.set(cache_key, document, 24 * 3600)
    return document
