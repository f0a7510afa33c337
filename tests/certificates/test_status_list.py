"""The revocation list: Bitstring Status List encoding, bit order and bad input."""

import base64
import gzip

import pytest

from certificates import status_list

# The specification's own example (§ 2.2): an empty list of 131,072 entries.
SPEC_EXAMPLE = "uH4sIAAAAAAAAA-3BMQEAAADCoPVPbQwfoAAAAAAAAAAAAAAAAAAAAIC3AYbSVKsAQAAA"


def multibase(data: bytes) -> str:
    return "u" + base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def test_the_specification_example_decodes_to_an_empty_list_of_16_kb():
    bits = status_list.decode(SPEC_EXAMPLE)
    assert len(bits) == 16 * 1024
    assert not any(bits)


def test_round_trip():
    encoded = status_list.encode([0, 42, 131071])
    assert {i for i in range(status_list.LIST_SIZE) if status_list.is_set(encoded, i)} == {0, 42, 131071}


def test_list_is_at_least_16_kb_before_compression_and_small_after():
    encoded = status_list.encode([])
    assert len(status_list.decode(encoded)) == 16384
    assert len(encoded) < 100


def test_encoding_is_multibase_base64url_without_padding_around_gzip():
    encoded = status_list.encode([5])
    assert encoded.startswith("u")
    assert "=" not in encoded and "+" not in encoded and "/" not in encoded
    raw = base64.urlsafe_b64decode(encoded[1:] + "=" * (-len(encoded[1:]) % 4))
    assert gzip.decompress(raw)[0] == 0b00000100


@pytest.mark.parametrize(
    ("index", "byte", "value"),
    [(0, 0, 0x80), (1, 0, 0x40), (7, 0, 0x01), (8, 1, 0x80), (131071, 16383, 0x01)],
)
def test_index_zero_is_the_left_most_bit_of_the_first_byte(index, byte, value):
    bits = status_list.decode(status_list.encode([index]))
    assert bits[byte] == value
    assert sum(bits) == value


def test_same_revocations_encode_the_same():
    assert status_list.encode([3, 1, 3]) == status_list.encode([1, 3])


def test_larger_list():
    encoded = status_list.encode([200000], size=2 * status_list.LIST_SIZE)
    assert status_list.is_set(encoded, 200000)
    assert len(status_list.decode(encoded)) == 32768


@pytest.mark.parametrize("size", [1024, status_list.LIST_SIZE + 1])
def test_list_smaller_than_the_minimum_or_not_whole_bytes_is_refused(size):
    with pytest.raises(ValueError, match="at least 131072"):
        status_list.encode([], size=size)


@pytest.mark.parametrize("index", [-1, status_list.LIST_SIZE])
def test_index_outside_the_list_is_refused(index):
    with pytest.raises(ValueError, match="outside"):
        status_list.encode([index])
    with pytest.raises(ValueError, match="outside"):
        status_list.is_set(status_list.encode([]), index)


@pytest.mark.parametrize(
    ("encoded", "message"),
    [
        ("", "'u' followed by base64url"),
        (None, "'u' followed by base64url"),
        ("zH4sI", "'u' followed by base64url"),
        ("uH4sI+AAA", "'u' followed by base64url"),
        ("uH4sI=", "'u' followed by base64url"),
        ("uA", "not valid GZIP"),
        (multibase(b"not gzip at all"), "not valid GZIP"),
        (multibase(gzip.compress(bytes(16384))[:-20]), "cut short"),
        (multibase(gzip.compress(bytes(1024))), "fewer than the 131072"),
        (multibase(gzip.compress(bytes(status_list.MAX_BYTES + 1))), "larger than"),
    ],
    ids=["empty", "none", "wrong-prefix", "plus", "padding", "one-char", "no-gzip", "cut", "short", "bomb"],
)
def test_bad_encoded_list_is_refused(encoded, message):
    with pytest.raises(ValueError, match=message):
        status_list.decode(encoded)
