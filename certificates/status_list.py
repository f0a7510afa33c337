"""Bitstring Status List (W3C Recommendation, 15 May 2025): which credentials are revoked.

One bit per credential, at the credential's `statusListIndex`; index 0 is the most
significant bit of the first byte. The list is GZIP-compressed and written as multibase
base64url without padding (prefix "u"). It has at least 131,072 entries, so that
fetching it tells the issuer nothing about which credential is being checked.
"""

import base64
import binascii
import gzip
import re
import zlib
from collections.abc import Iterable

LIST_SIZE = 131072
MAX_BYTES = 16 * 1024 * 1024  # decompressed; more would be a zip bomb, not a status list
BASE64URL = re.compile(r"[A-Za-z0-9_-]*")


def encode(revoked_indices: Iterable[int], size: int = LIST_SIZE) -> str:
    if size < LIST_SIZE or size % 8:
        raise ValueError(f"A status list has a multiple of 8 entries, at least {LIST_SIZE}, not {size}.")
    bits = bytearray(size // 8)
    for index in revoked_indices:
        if not 0 <= index < size:
            raise ValueError(f"Index {index} is outside the status list of {size} entries.")
        bits[index // 8] |= 0x80 >> (index % 8)
    compressed = gzip.compress(bytes(bits), mtime=0)  # mtime=0: the same list encodes the same
    return "u" + base64.urlsafe_b64encode(compressed).rstrip(b"=").decode("ascii")


def decode(encoded: str) -> bytes:
    """The uncompressed bitstring of an `encodedList`."""
    if not isinstance(encoded, str) or not encoded.startswith("u") or not BASE64URL.fullmatch(encoded, 1):
        raise ValueError("An encoded status list is 'u' followed by base64url without padding.")
    try:
        compressed = base64.urlsafe_b64decode(encoded[1:] + "=" * (-len(encoded[1:]) % 4))
        bits = _gunzip(compressed)
    except (binascii.Error, zlib.error, EOFError) as error:
        raise ValueError(f"The status list is not valid GZIP in base64url: {error}") from None
    if len(bits) * 8 < LIST_SIZE:
        raise ValueError(f"The status list has {len(bits) * 8} entries, fewer than the {LIST_SIZE} required.")
    return bits


def _gunzip(compressed: bytes) -> bytes:
    decompressor = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)  # GZIP framing only
    bits = decompressor.decompress(compressed, MAX_BYTES)
    if decompressor.unconsumed_tail:
        raise ValueError(f"The status list is larger than {MAX_BYTES} bytes uncompressed.")
    if not decompressor.eof:
        raise ValueError("The status list's GZIP data is cut short.")
    return bits


def is_set(encoded: str, index: int) -> bool:
    bits = decode(encoded)
    if not 0 <= index < len(bits) * 8:
        raise ValueError(f"Index {index} is outside the status list of {len(bits) * 8} entries.")
    return bool(bits[index // 8] & (0x80 >> (index % 8)))
