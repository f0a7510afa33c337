"""`manage.py verify_credential credential.json [--key z6Mk…]`: checks an Open Badges
credential of ours offline, as a verifier would, plus what only we know (revocation)."""

import json
import uuid
from datetime import datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from certificates import keys
from certificates.jsonld import OB_V3, VC_V2
from certificates.models import Certificate
from certificates.signing import parse_xsd_datetime, public_key_from_multibase, verify


class Command(BaseCommand):
    help = "Check a signed Open Badges 3.0 credential (a JSON file) without the network."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="the credential, as JSON")
        parser.add_argument(
            "--key",
            help="trust this public key instead of the keys on record: a multibase (z6Mk…) "
            "or the path of a Multikey JSON document",
        )

    def handle(self, *args, file, key, **options):
        credential = read_credential(file)
        problems = credential_problems(credential, key_resolver(key))
        if problems:
            raise CommandError("The credential does not verify:\n" + "\n".join(f"- {p}" for p in problems))
        self.stdout.write(f"The credential verifies: {summary(credential)}")


def key_resolver(option: str | None):
    """With --key, that key whatever the proof names; else only keys we have signed with."""
    if option is None:
        return resolve_our_key
    trusted = read_key(option)
    return lambda url: trusted


def read_credential(path: Path) -> dict:
    try:
        document = json.loads(path.read_bytes())
    except OSError as error:
        raise CommandError(f"Cannot read {path}: {error.strerror}.") from None
    except ValueError as error:
        raise CommandError(f"{path} is not JSON: {error}.") from None
    if not isinstance(document, dict):
        raise CommandError(f"{path} holds JSON, but not an object: a credential is a JSON object.")
    return document


def read_key(option: str):
    """A public key from --key: a multibase, or a Multikey document naming one."""
    path = Path(option)
    try:
        multibase = json.loads(path.read_bytes()).get("publicKeyMultibase") if path.is_file() else option
        return public_key_from_multibase(multibase)
    except (OSError, ValueError, AttributeError) as error:
        raise CommandError(f"--key {option} is not an Ed25519 Multikey: {error}") from None


def resolve_our_key(url: str):
    return keys.trusted_public_key(keys.multibase_from_key_id(url))


def credential_problems(credential: dict, resolve_key) -> list[str]:
    return [
        *shape_problems(credential),
        *verify(credential, resolve_key),
        *validity_problems(credential, timezone.now()),
        *status_problems(credential),
    ]


def shape_problems(credential: dict) -> list[str]:
    problems = []
    if credential.get("@context") != [VC_V2, OB_V3]:
        problems.append(f"the @context is not exactly [{VC_V2}, {OB_V3}]")
    types = credential.get("type")
    types = types if isinstance(types, list) else [types]
    problems += [
        f"the credential is not of type {t}"
        for t in ("VerifiableCredential", "OpenBadgeCredential")
        if t not in types
    ]
    if issuer_of(credential) != keys.issuer_id():
        problems.append(f"the issuer is {issuer_of(credential)!r}, not this platform ({keys.issuer_id()})")
    return problems


def issuer_of(credential: dict):
    issuer = credential.get("issuer")
    return issuer.get("id") if isinstance(issuer, dict) else issuer


def validity_problems(credential: dict, now: datetime) -> list[str]:
    problems = []
    valid_from = parse_xsd_datetime(credential.get("validFrom"))
    if valid_from is None:
        problems.append("the credential does not say from when it is valid (validFrom)")
    elif valid_from > now:
        problems.append(f"the credential is not valid before {day(valid_from)}")
    if "validUntil" in credential:
        valid_until = parse_xsd_datetime(credential["validUntil"])
        if valid_until is None:
            problems.append(f"validUntil {credential['validUntil']!r} is not a date and time")
        elif valid_until < now:
            problems.append(f"the credential expired on {day(valid_until)}")
    return problems


def status_problems(credential: dict) -> list[str]:
    """Revocation, from our own records: the status list says the same, but this runs
    where the certificates are."""
    status = credential.get("credentialStatus")
    list_url = status.get("statusListCredential") if isinstance(status, dict) else None
    if not isinstance(list_url, str) or not list_url.startswith(keys.status_list_id("")):
        return []
    try:
        certificate_uuid = uuid.UUID(str(credential.get("id")).removeprefix("urn:uuid:"))
    except ValueError:
        return [
            f"the credential's id {credential.get('id')!r} is not urn:uuid:…, so its status cannot be found"
        ]
    certificate = Certificate.objects.filter(uuid=certificate_uuid).first()
    if certificate is None:
        return ["no certificate with this credential's id is on record"]
    if certificate.revoked_at:
        reason = f" ({certificate.revoked_reason})" if certificate.revoked_reason else ""
        return [f"the certificate was revoked on {day(certificate.revoked_at)}{reason}"]
    return []


def day(moment: datetime) -> str:
    return timezone.localtime(moment).date().isoformat()


def summary(credential: dict) -> str:
    achievement = field(field(credential, "credentialSubject"), "achievement")
    title = field(achievement, "name") or credential.get("name")
    issuer = field(credential, "issuer")
    validity = f"valid from {day(parse_xsd_datetime(credential['validFrom']))}"
    if "validUntil" in credential:
        validity += f" until {day(parse_xsd_datetime(credential['validUntil']))}"
    return f"“{title}”, issued by {field(issuer, 'name') or issuer_of(credential)}, {validity}."


def field(value, name: str):
    return value.get(name) if isinstance(value, dict) else None
