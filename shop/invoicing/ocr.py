"""OCR payment references for Bankgirot: digits, a length digit and a Luhn check digit.

The bank checks the last digit (mod 10, Luhn); with "variable length and length digit"
control it also checks that the second-to-last digit is the reference's length mod 10,
so a payer who drops or adds a digit is caught too.
"""

MIN_LENGTH, MAX_LENGTH = 2, 25


def luhn_check_digit(payload: str) -> int:
    """The digit that makes `payload` + digit pass the Luhn (mod 10) check."""
    total = 0
    for position, char in enumerate(reversed(payload)):
        value = int(char) * (2 if position % 2 == 0 else 1)
        total += value - 9 if value > 9 else value
    return (10 - total % 10) % 10


def make_ocr(number: int, with_length_digit: bool = True) -> str:
    """The OCR reference for invoice `number` (a positive integer)."""
    if number < 0:
        raise ValueError("an OCR reference is made from a non-negative number")
    payload = str(number)
    if with_length_digit:
        payload += str((len(payload) + 2) % 10)
    reference = payload + str(luhn_check_digit(payload))
    if len(reference) > MAX_LENGTH:
        raise ValueError(f"an OCR reference has at most {MAX_LENGTH} digits")
    return reference


def is_valid_ocr(reference: str, with_length_digit: bool = True) -> bool:
    if not (reference.isascii() and reference.isdigit()) or not MIN_LENGTH <= len(reference) <= MAX_LENGTH:
        return False
    if with_length_digit and (len(reference) < 3 or int(reference[-2]) != len(reference) % 10):
        return False
    return luhn_check_digit(reference[:-1]) == int(reference[-1])
