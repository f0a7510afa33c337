#!/usr/bin/env python
"""Signing and verifying Open Badges credentials (eddsa-rdfc-2022), in-process.

    .venv/bin/python bench/credentials.py [--json]

One credential of the shape certificates/credentials.py builds, signed and verified over
and over with a key made for the run: no database, no Django, no network. Nearly all of
the time is pyld turning JSON-LD into canonical N-Quads (twice per signature: the
credential and the proof options); Ed25519 itself takes microseconds. Also timed: the
revocation list of 131,072 places with 1,000 revoked. `run()` returns the figures for
`make bench` as [{name, value, unit, target, met}]; there are no targets yet.
"""

import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ROUNDS = 200
METHOD = "https://kurser.example/certificates/keys/z6MkBench"


def sample_credential() -> dict:
    from certificates.jsonld import OB_V3, VC_V2

    return {
        "@context": [VC_V2, OB_V3],
        "id": "urn:uuid:2d1b6b0c-8e1f-4b8a-9a0e-0a4f7f2c1d11",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {
            "id": "https://kurser.example/certificates/issuer",
            "type": ["Profile"],
            "name": "Cloocast AB",
        },
        "validFrom": "2026-11-25T10:30:00Z",
        "validUntil": "2028-11-25T23:59:59Z",
        "name": "Dataskydd och informationssäkerhet i praktiken",
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
            "activityEndDate": "2026-11-25T12:00:00Z",
            "achievement": {
                "id": "https://kurser.example/certificates/issuer/achievements/dataskydd",
                "type": ["Achievement"],
                "achievementType": "Certificate",
                "name": "Dataskydd och informationssäkerhet i praktiken",
                "description": "Kursen “Dataskydd och informationssäkerhet i praktiken”, given av Cloocast AB.",
                "criteria": {"narrative": "Alla lektioner avklarade enligt kursens krav."},
                "inLanguage": "sv",
                "version": "3",
            },
        },
        "credentialStatus": {
            "id": "https://kurser.example/certificates/status/1#42",
            "type": "BitstringStatusListEntry",
            "statusPurpose": "revocation",
            "statusListIndex": "42",
            "statusListCredential": "https://kurser.example/certificates/status/1",
        },
    }


def _per_second(action) -> tuple[float, float]:
    """Operations per second over ROUNDS, and the median in ms."""
    timings = []
    for _ in range(ROUNDS):
        begin = time.perf_counter()
        action()
        timings.append(time.perf_counter() - begin)
    return ROUNDS / sum(timings), statistics.median(timings) * 1000


def run() -> list[dict]:
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from certificates import jsonld, status_list
    from certificates.signing import sign, verify

    key = Ed25519PrivateKey.generate()
    credential = sample_credential()
    created = datetime(2026, 11, 25, 10, 30, tzinfo=UTC)
    started = time.perf_counter()
    signed = sign(credential, key, METHOD, created)  # first in the process: reads the contexts
    cold_ms = (time.perf_counter() - started) * 1000
    if verify(signed, lambda url: key.public_key()):
        raise SystemExit("the sample credential does not verify")

    signing, sign_ms = _per_second(lambda: sign(credential, key, METHOD, created))
    verifying, verify_ms = _per_second(lambda: verify(signed, lambda url: key.public_key()))
    _, canonical_ms = _per_second(lambda: jsonld.canonicalize(credential))
    _, list_ms = _per_second(lambda: status_list.encode(range(0, 131_000, 131)))
    figures = [
        ("credentials signed per second, one process", round(signing, 1), "/s"),
        ("credentials verified per second, one process", round(verifying, 1), "/s"),
        (f"sign one credential (median of {ROUNDS})", round(sign_ms, 2), "ms"),
        (f"verify one credential (median of {ROUNDS})", round(verify_ms, 2), "ms"),
        ("canonicalise one credential (RDFC-1.0)", round(canonical_ms, 2), "ms"),
        ("first signature in a process (reads contexts)", round(cold_ms, 1), "ms"),
        ("encode the status list, 1,000 of 131,072 revoked", round(list_ms, 2), "ms"),
    ]
    return [
        {"name": name, "value": value, "unit": unit, "target": None, "met": None}
        for name, value, unit in figures
    ]


if __name__ == "__main__":
    if "--json" in sys.argv:  # for bench/run.py
        import json

        print(json.dumps(run()))
        sys.exit()
    for row in run():
        print(f"{row['name']:<52}{row['value']:>9} {row['unit']}")
