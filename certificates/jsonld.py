"""JSON-LD for signed credentials: the contexts we hold, and RDFC-1.0 canonical N-Quads.

Every context is a file in certificates/contexts/, copied from its specification's
repository. Nothing is fetched: a credential signs and verifies the same offline, and
no server elsewhere can change what a signed credential means.
"""

import json
import re
from functools import cache
from pathlib import Path

from pyld import jsonld
from pyld.canon import URDNA2015

CONTEXTS_DIR = Path(__file__).parent / "contexts"
VC_V2 = "https://www.w3.org/ns/credentials/v2"
OB_V3 = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
MULTIKEY_V1 = "https://w3id.org/security/multikey/v1"
CID_V1 = "https://www.w3.org/ns/cid/v1"
CONTEXTS = {
    VC_V2: CONTEXTS_DIR / "credentials-v2.jsonld",  # w3c/vc-data-model, the digest in VC 2.0 § B.1
    OB_V3: CONTEXTS_DIR / "ob-v3p0-context-3.0.3.json",  # 1EdTech/openbadges-specification
    MULTIKEY_V1: CONTEXTS_DIR / "multikey-v1.jsonld",  # w3c/vc-data-integrity
    # The issuer profile is also the controller document that lists its keys: w3c/cid.
    CID_V1: CONTEXTS_DIR / "cid-v1.jsonld",
}

# Hash N-Degree Quads runs for blank nodes that look alike; a crafted document with nine
# such nodes linked to each other takes minutes, more take hours ("dataset poisoning" in
# RDFC-1.0), and pyld sets no limit. Real credentials need none to a few hundred.
MAX_DEEP_HASHES = 4000

# pyld writes most of these raw into N-Quads, where RDFC-1.0 escapes them (\b, \f,
# \u0000…), so strings holding them canonicalise differently elsewhere. Carriage returns,
# which pyld does escape, go too: text keeps one kind of line break.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
ABSOLUTE_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


class ContextNotHeld(Exception):
    def __init__(self, url: str):
        super().__init__(
            f"The JSON-LD context {url} is not one this platform holds; contexts are never fetched "
            f"from the network (held: {', '.join(CONTEXTS)})."
        )
        self.url = url


class PoisonedDataset(ValueError):
    pass


@cache
def _context(url: str) -> dict:
    return json.loads(CONTEXTS[url].read_text(encoding="utf-8"))


def document_loader(url: str, options: dict | None = None) -> dict:
    if url not in CONTEXTS:
        raise ContextNotHeld(url)
    return {
        "contentType": "application/ld+json",
        "contextUrl": None,
        "documentUrl": url,
        "document": _context(url),
        # pyld then keeps the processed context for the life of the process.
        "tag": "static",
    }


def _options() -> dict:
    # No base IRI: pyld would otherwise resolve a relative id or an undefined type
    # against http://example.org/base/ and sign it, where other processors drop it.
    return {"documentLoader": document_loader, "base": None}


def _context_not_held(error: BaseException) -> ContextNotHeld | None:
    while error is not None:
        if isinstance(error, ContextNotHeld):
            return error
        error = error.__cause__ or error.__context__
    return None


def _pyld(operation, *args, **kwargs):
    """Runs a pyld operation, raising ContextNotHeld itself rather than pyld's wrapper."""
    try:
        return operation(*args, **kwargs)
    except jsonld.JsonLdError as error:
        raise (_context_not_held(error) or error) from None


class _BoundedURDNA2015(URDNA2015):
    def __init__(self):
        super().__init__()
        self.deep_hashes = 0

    def hash_n_degree_quads(self, id_, issuer):
        self.deep_hashes += 1
        if self.deep_hashes > MAX_DEEP_HASHES:
            raise PoisonedDataset(
                "The document has too many blank nodes that look alike to be canonicalised safely."
            )
        return super().hash_n_degree_quads(id_, issuer)


def canonicalize(document: dict | list) -> str:
    """RDFC-1.0 (URDNA2015) N-Quads of a JSON-LD document, compacted or expanded.

    Called on pyld's canonicaliser directly: `jsonld.normalize` defaults to URGNA2012.
    """
    dataset = _pyld(jsonld.to_rdf, document, _options())
    return _BoundedURDNA2015().main(dataset, {"format": "application/n-quads"})


def expand(document: dict) -> tuple[list, list[str]]:
    """The expanded form, and what expansion would silently drop (see undefined_terms)."""
    dropped = set()

    def on_dropped(term):
        dropped.add(term if term is not None else "a key starting with @")

    expanded = _pyld(jsonld.expand, document, _options(), on_property_dropped=on_dropped)
    return expanded, sorted(dropped | set(_relative_references(expanded)))


def undefined_terms(document: dict) -> list[str]:
    """Properties and types the document's contexts do not define, and ids that are not
    absolute IRIs: JSON-LD drops them without an error, so a signature would not cover
    them and anyone could change them."""
    return expand(document)[1]


def _relative_references(node) -> list[str]:
    found = []
    if isinstance(node, list):
        for item in node:
            found += _relative_references(item)
    elif isinstance(node, dict):
        for key, value in node.items():
            if key == "@id" and not _is_iri_or_blank(value):
                found.append(f"id {value}")
            elif key == "@type":
                found += [f"type {t}" for t in _as_list(value) if not _is_iri_or_blank(t)]
            elif key != "@value":
                found += _relative_references(value)
    return found


def _is_iri_or_blank(value) -> bool:
    return isinstance(value, str) and (value.startswith(("_:", "@")) or bool(ABSOLUTE_IRI.match(value)))


def _as_list(value) -> list:
    return value if isinstance(value, list) else [value]


def clean_strings(obj):
    """A copy with control characters other than newline and tab removed from every key
    and string, so that pyld canonicalises it as RDFC-1.0 does."""
    if isinstance(obj, str):
        return CONTROL_CHARACTERS.sub("", obj)
    if isinstance(obj, list):
        return [clean_strings(item) for item in obj]
    if isinstance(obj, dict):
        return {clean_strings(key): clean_strings(value) for key, value in obj.items()}
    return obj
