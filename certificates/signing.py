"""Data Integrity proofs for credentials: cryptosuite eddsa-rdfc-2022, Ed25519 keys.

W3C Data Integrity EdDSA Cryptosuites v1.0, § 3.2: the signature covers the SHA-256 of
the canonical proof options followed by the SHA-256 of the canonical credential, so it
holds for what the credential says in RDF, not for its JSON spelling.
"""

import hashlib
import re
from collections.abc import Callable
from datetime import UTC, datetime

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from pyld.jsonld import JsonLdError

from certificates import jsonld

PROOF_TYPE = "DataIntegrityProof"
CRYPTOSUITE = "eddsa-rdfc-2022"
PROOF_PURPOSE = "assertionMethod"
SIGNATURE_LENGTH = 64

BASE58_ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
BASE58_INDEX = {character: value for value, character in enumerate(BASE58_ALPHABET)}
ED25519_PUB_MULTICODEC = b"\xed\x01"
MULTIKEY_LENGTH = len(ED25519_PUB_MULTICODEC) + 32
# Decoding base 58 takes time quadratic in its length; nothing we read is this long.
MAX_MULTIBASE_LENGTH = 200

XSD_DATETIME = re.compile(r"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(\.\d+)?(Z|[+-]\d\d:\d\d)?")
SIGNATURE_MISMATCH = (
    "the signature does not match the credential: it was changed after signing, or signed with another key"
)


class UndefinedTerms(ValueError):
    def __init__(self, terms: list[str]):
        super().__init__(
            "The credential has properties or types its contexts do not define, so a signature "
            f"would not cover them: {', '.join(terms)}."
        )
        self.terms = terms


def base58btc_encode(data: bytes) -> str:
    number = int.from_bytes(data, "big")
    digits = []
    while number:
        number, digit = divmod(number, 58)
        digits.append(BASE58_ALPHABET[digit])
    leading_zeros = len(data) - len(data.lstrip(b"\0"))
    return "1" * leading_zeros + "".join(reversed(digits))


def base58btc_decode(text: str) -> bytes:
    if not isinstance(text, str) or any(character not in BASE58_INDEX for character in text):
        raise ValueError("Not base58btc: only the 58 characters of Bitcoin's alphabet may appear.")
    number = 0
    for character in text:
        number = number * 58 + BASE58_INDEX[character]
    leading_zeros = len(text) - len(text.lstrip("1"))
    return b"\0" * leading_zeros + number.to_bytes((number.bit_length() + 7) // 8, "big")


def public_key_multibase(public_key: Ed25519PublicKey) -> str:
    return "z" + base58btc_encode(ED25519_PUB_MULTICODEC + public_key.public_bytes_raw())


def public_key_from_multibase(text: str) -> Ed25519PublicKey:
    if not isinstance(text, str) or not text.startswith("z") or len(text) > MAX_MULTIBASE_LENGTH:
        raise ValueError("A Multikey public key is 'z' followed by base58btc, e.g. z6Mk…")
    data = base58btc_decode(text[1:])
    if not data.startswith(ED25519_PUB_MULTICODEC):
        raise ValueError("Not an Ed25519 public key: its multicodec prefix is not 0xed 0x01.")
    if len(data) != MULTIKEY_LENGTH:
        raise ValueError(f"An Ed25519 Multikey holds 32 key bytes, not {len(data) - 2}.")
    return Ed25519PublicKey.from_public_bytes(data[2:])


def xsd_datetime(moment: datetime) -> str:
    if moment.tzinfo is None:
        raise ValueError("A proof's creation time needs a time zone.")
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_xsd_datetime(value) -> datetime | None:
    """An XML Schema dateTime as an aware datetime (UTC when it names no zone), else None."""
    match = XSD_DATETIME.fullmatch(value) if isinstance(value, str) else None
    if not match:
        return None
    seconds, fraction, zone = match.groups()
    try:
        moment = datetime.fromisoformat(seconds + (fraction or "")[:7])
    except ValueError:
        return None
    if not zone or zone == "Z":
        return moment.replace(tzinfo=UTC)
    return datetime.fromisoformat(f"{seconds}{zone}").replace(microsecond=moment.microsecond)


def sign(
    document: dict, private_key: Ed25519PrivateKey, verification_method: str, created: datetime | None = None
) -> dict:
    """The document with a proof added. Control characters are removed from its strings
    first (jsonld.clean_strings): the signed copy is what the caller must store."""
    if "proof" in document:
        raise ValueError("The document already has a proof; sign the document without it.")
    if "@context" not in document:
        raise ValueError("The document has no @context, so nothing in it would be signed.")
    unsecured = jsonld.clean_strings(document)
    options = {
        "type": PROOF_TYPE,
        "cryptosuite": CRYPTOSUITE,
        "created": xsd_datetime(created or datetime.now(UTC)),
        "verificationMethod": verification_method,
        "proofPurpose": PROOF_PURPOSE,
    }
    hash_data, undefined = _hash_data(unsecured, options)
    if undefined:
        raise UndefinedTerms(undefined)
    proof_value = "z" + base58btc_encode(private_key.sign(hash_data))
    return {**unsecured, "proof": {**options, "proofValue": proof_value}}


def _hash_data(unsecured: dict, options: dict) -> tuple[bytes, list[str]]:
    """What is signed, and the terms it would leave out (those of the proof options named
    "proof …"). The proof options take the document's @context (§ 3.2.5)."""
    document, undefined = jsonld.expand(unsecured)
    config, undefined_in_proof = jsonld.expand({**options, "@context": unsecured["@context"]})
    hash_data = _sha256(jsonld.canonicalize(config)) + _sha256(jsonld.canonicalize(document))
    return hash_data, undefined + [f"proof {term}" for term in undefined_in_proof]


def _sha256(text: str) -> bytes:
    return hashlib.sha256(text.encode("utf-8")).digest()


def verify(document, resolve_key: Callable[[str], Ed25519PublicKey | None]) -> list[str]:
    """Why the document's proof does not hold, one sentence each; an empty list when it does.

    `resolve_key` returns the public key for a verification method's URL, or None when
    that key is not one the verifier trusts. Never raises: a credential comes from
    anywhere, and anything wrong with it is a reason it does not verify.
    """
    try:
        return _problems(document, resolve_key)
    except Exception as error:  # noqa: BLE001 - reported, as promised above
        return [f"the credential could not be checked: {_describe(error)}"]


def _describe(error: Exception) -> str:
    return str(error.args[0]) if error.args else type(error).__name__


def _problems(document, resolve_key) -> list[str]:
    if not isinstance(document, dict):
        return ["the credential is not a JSON object"]
    proof = document.get("proof")
    if proof is None:
        return ["the credential has no proof (it is not signed)"]
    if not isinstance(proof, dict):
        return ["the proof is not a single JSON object"]
    if "@context" not in document:
        return ["the credential has no @context"]
    problems = _proof_option_problems(proof)
    key = _public_key(proof, resolve_key, problems)
    signature = _signature(proof, problems)
    if jsonld.clean_strings(document) != document:
        problems.append("the credential contains control characters, which no credential is signed with")
    options = {name: value for name, value in proof.items() if name != "proofValue"}
    unsecured = {name: value for name, value in document.items() if name != "proof"}
    try:
        hash_data, undefined = _hash_data(unsecured, options)
    except jsonld.ContextNotHeld as error:
        return [*problems, f"the credential uses the context {error.url}, which this verifier does not hold"]
    except (jsonld.PoisonedDataset, JsonLdError) as error:
        return [*problems, f"the credential is not JSON-LD that can be checked: {_describe(error)}"]
    if undefined:
        problems.append(
            "the credential has properties or types its contexts do not define, so the signature "
            f"does not cover them: {', '.join(undefined)}"
        )
    applicable = proof.get("type") == PROOF_TYPE and proof.get("cryptosuite") == CRYPTOSUITE
    if applicable and key and signature and not _signature_holds(key, signature, hash_data):
        problems.append(SIGNATURE_MISMATCH)
    return problems


def _proof_option_problems(proof: dict) -> list[str]:
    expected = {"type": PROOF_TYPE, "cryptosuite": CRYPTOSUITE, "proofPurpose": PROOF_PURPOSE}
    problems = [
        f"the proof has no {name} (expected {value})"
        if name not in proof
        else f"the proof's {name} is {proof[name]!r}, not {value}"
        for name, value in expected.items()
        if proof.get(name) != value
    ]
    if "created" not in proof:
        problems.append("the proof does not say when it was created")
    elif parse_xsd_datetime(proof["created"]) is None:
        problems.append(f"the proof's creation time {proof['created']!r} is not a valid date and time")
    return problems


def _public_key(proof: dict, resolve_key, problems: list[str]) -> Ed25519PublicKey | None:
    method = proof.get("verificationMethod")
    if not isinstance(method, str) or not method:
        problems.append("the proof does not name the key it was signed with (verificationMethod)")
        return None
    key = resolve_key(method)
    if key is None:
        problems.append(f"the key {method} is not one of the issuer's keys")
    return key


def _signature(proof: dict, problems: list[str]) -> bytes | None:
    value = proof.get("proofValue")
    if value is None:
        problems.append("the proof has no signature (proofValue)")
        return None
    if not isinstance(value, str) or not value.startswith("z") or len(value) > MAX_MULTIBASE_LENGTH:
        problems.append("the proofValue is not a base58btc multibase value (one starting with z)")
        return None
    try:
        signature = base58btc_decode(value[1:])
    except ValueError:
        problems.append("the proofValue is not a base58btc multibase value (one starting with z)")
        return None
    if len(signature) != SIGNATURE_LENGTH:
        problems.append(f"the proofValue holds {len(signature)} bytes, not the 64 of an Ed25519 signature")
        return None
    return signature


def _signature_holds(key: Ed25519PublicKey, signature: bytes, hash_data: bytes) -> bool:
    try:
        key.verify(signature, hash_data)
    except InvalidSignature:
        return False
    return True
