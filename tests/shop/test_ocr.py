"""OCR references: the bank accepts ours and refuses a mistyped one."""

import pytest

from shop.invoicing.ocr import is_valid_ocr, luhn_check_digit, make_ocr


def test_the_luhn_digit_matches_the_textbook_example():
    assert luhn_check_digit("7992739871") == 3


def test_a_reference_ends_with_its_length_and_check_digit():
    reference = make_ocr(1234)

    assert reference == "123463"
    assert is_valid_ocr(reference)


def test_without_a_length_digit():
    assert make_ocr(12345, with_length_digit=False) == "123455"
    assert is_valid_ocr("123455", with_length_digit=False)


@pytest.mark.parametrize("number", [0, 7, 100001, 2026000123, 10**20])
def test_every_reference_made_is_valid(number):
    assert is_valid_ocr(make_ocr(number))


def test_any_single_mistyped_digit_is_caught():
    reference = make_ocr(2026000123)
    for position in range(len(reference)):
        for digit in "0123456789":
            if digit != reference[position]:
                typo = reference[:position] + digit + reference[position + 1 :]
                assert not is_valid_ocr(typo), typo


def test_swapped_neighbours_are_caught():
    reference = make_ocr(2026000123)
    for position in range(len(reference) - 1):
        a, b = reference[position], reference[position + 1]
        if a != b and {a, b} != {"0", "9"}:  # the one swap Luhn cannot see
            swapped = reference[:position] + b + a + reference[position + 2 :]
            assert not is_valid_ocr(swapped), swapped


def test_a_dropped_digit_is_caught_by_the_length_digit():
    reference = make_ocr(2026000123)

    assert not is_valid_ocr(reference[1:])


@pytest.mark.parametrize("reference", ["", "1", "12a463", "１２３４６３", "1" * 26, " 123463"])
def test_malformed_references_are_invalid(reference):
    assert not is_valid_ocr(reference)


def test_too_long_or_negative_numbers_are_refused():
    with pytest.raises(ValueError):
        make_ocr(10**24)
    with pytest.raises(ValueError):
        make_ocr(-1)
