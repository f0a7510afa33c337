"""BgMax files from Bankgirot: payments come out in kronor with their references and payers."""

from datetime import date, datetime
from decimal import Decimal

from django.utils import translation
from django.utils.functional import Promise

import pytest

from shop.invoicing.bgmax import BgMaxError, parse_bgmax, payment_key


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


# Records are built from the manual's positions (1-based), not from the parser's table.
def record(code, *fields):
    line = list(code.ljust(80))
    for position, text in fields:
        line[position - 1 : position - 1 + len(text)] = text
    assert len(line) == 80
    return "".join(line)


def put(line, position, text):
    return line[: position - 1] + text + line[position - 1 + len(text) :]


def start(mark="P", timestamp="20260112083015123456", layout="BGMAX", version="01"):
    return record("01", (3, layout), (23, version), (25, timestamp), (45, mark))


def opening(bankgiro="56781230", currency="SEK"):
    return record("05", (3, bankgiro.zfill(10)), (23, currency))


def payment(
    reference,
    ore,
    serial,
    code="20",
    sender="0",
    reference_code="2",
    channel="1",
    image="0",
    deduction_code="",
):
    # An OCR reference (code 2) is right-aligned, any other reference left-aligned.
    aligned = reference.rjust(25) if reference_code == "2" else reference.ljust(25)
    return record(
        code,
        (3, sender.zfill(10)),
        (13, aligned),
        (38, str(ore).zfill(18)),
        (56, reference_code),
        (57, channel),
        (58, serial.zfill(12)),
        (70, image),
        (71, deduction_code),
    )


def name(payer, extra=""):
    return record("26", (3, payer), (38, extra))


def address(street, postcode):
    return record("27", (3, street), (38, postcode))


def town(place, country="", country_code=""):
    return record("28", (3, place), (38, country), (73, country_code))


def org_number(number):
    return record("29", (3, number.zfill(12)))


def info(text):
    return record("25", (3, text))


def deposit(ore, count, day="20260112", serial="1", currency="SEK"):
    return record(
        "15",
        (3, "58410000010098232".zfill(35)),
        (38, day),
        (46, serial.zfill(5)),
        (51, str(ore).zfill(18)),
        (69, currency),
        (72, str(count).zfill(8)),
    )


def end(payments, deductions=0, extra_references=0, deposits=1):
    counts = (payments, deductions, extra_references, deposits)
    return record("70", *((3 + 8 * i, str(n).zfill(8)) for i, n in enumerate(counts)))


def bgmax(*records, newline="\n"):
    return newline.join(records) + newline


TWO_DEPOSITS = bgmax(
    start(),
    opening(),
    payment("1234563", 149000, "1"),
    name("Anna Andersson"),
    address("Storgatan 2", "123 45"),
    town("Uppsala"),
    payment("2026000123", 186250, "2", sender="9912346"),
    info("Faktura 2026000123"),
    name("Bolaget AB"),
    org_number("5561234567"),
    deposit(335250, 2, day="20260112", serial="7"),
    opening(),
    payment("7777770", 50, "3"),
    deposit(50, 1, day="20260113", serial="8"),
    end(3, deposits=2),
)


def test_a_file_with_two_deposits_gives_kronor_references_and_payers():
    parsed = parse_bgmax(TWO_DEPOSITS)

    assert (parsed.timestamp, parsed.is_test) == (datetime(2026, 1, 12, 8, 30, 15, 123456), False)
    assert [(d.receiving_bankgiro, d.payment_date, d.serial, d.amount) for d in parsed.deposits] == [
        ("56781230", date(2026, 1, 12), "00007", Decimal("3352.50")),
        ("56781230", date(2026, 1, 13), "00008", Decimal("0.50")),
    ]
    first, second = parsed.deposits[0].payments
    assert (first.references, first.amount, first.payer_name, first.payer_town) == (
        ["1234563"],
        Decimal("1490.00"),
        "Anna Andersson",
        "Uppsala",
    )
    assert (second.sender_bankgiro, second.references, second.amount) == (
        "9912346",
        ["2026000123"],
        Decimal("1862.50"),
    )
    assert (second.payer_name, second.payer_org_number, second.info_texts) == (
        "Bolaget AB",
        "5561234567",
        ["Faktura 2026000123"],
    )
    assert parsed.deposits[1].payments[0].references == ["7777770"]
    assert parsed.deposits[0].account == "58410000010098232"


def test_every_field_of_a_payment_is_read_from_its_column():
    text = "Faktura 2026000123 och 2026000131, tack för kursen"  # 50 characters, the full field
    parsed = parse_bgmax(
        bgmax(
            start(),
            opening(),
            payment(
                "FAKTURA 12",
                100000,
                "490630174260",
                sender="53492930",
                reference_code="3",
                channel="2",
                image="1",
            ),
            info(text),
            name("Bolaget AB", "Avdelning Kurs"),
            address("Box 12", "123 45"),
            town("Oslo", "Norge", "NO"),
            org_number("005561234567"),
            deposit(100000, 1),
            end(1),
        )
    )

    paid = parsed.deposits[0].payments[0]
    assert (paid.sender_bankgiro, paid.references, paid.reference_code, paid.channel) == (
        "53492930",
        ["FAKTURA 12"],
        3,
        2,
    )
    assert (paid.bgc_serial, paid.has_image, paid.is_deduction, paid.info_texts) == (
        "490630174260",
        True,
        False,
        [text],
    )
    assert (paid.payer_name, paid.payer_name_extra, paid.payer_address, paid.payer_postcode) == (
        "Bolaget AB",
        "Avdelning Kurs",
        "Box 12",
        "123 45",
    )
    assert (paid.payer_town, paid.payer_country, paid.payer_country_code, paid.payer_org_number) == (
        "Oslo",
        "Norge",
        "NO",
        "5561234567",
    )


def test_a_test_file_is_marked_as_test():
    assert parse_bgmax(TWO_DEPOSITS.replace(start(), start(mark="T"))).is_test


def test_a_deduction_is_a_negative_amount_and_the_deposit_is_the_net():
    parsed = parse_bgmax(
        bgmax(
            start(),
            opening(),
            payment("1234563", 100000, "1", sender="9912346"),
            payment(
                "KREDIT 77", 25000, "2", code="21", sender="9912346", reference_code="3", deduction_code="1"
            ),
            deposit(75000, 2),
            end(1, deductions=1),
        )
    )

    paid, deducted = parsed.deposits[0].payments
    assert (paid.is_deduction, paid.amount) == (False, Decimal("1000.00"))
    assert (deducted.is_deduction, deducted.deduction_code, deducted.amount, deducted.references) == (
        True,
        1,
        Decimal("-250.00"),
        ["KREDIT 77"],
    )
    assert parsed.deposits[0].amount == Decimal("750.00")


def test_extra_references_join_the_payment_and_a_23_counts_negative():
    parsed = parse_bgmax(
        bgmax(
            start(),
            opening(),
            payment("", 140000, "5", reference_code="0"),
            payment("1111", 100000, "5", code="22"),
            payment("2222", 90000, "5", code="22"),
            payment("3333", 50000, "5", code="23"),
            deposit(140000, 1),
            end(1, extra_references=3),
        )
    )

    paid = parsed.deposits[0].payments[0]
    assert paid.references == ["1111", "2222"]
    assert [(x.reference, x.amount) for x in paid.extra_references] == [
        ("1111", Decimal("1000.00")),
        ("2222", Decimal("900.00")),
        ("3333", Decimal("-500.00")),
    ]
    assert sum(x.amount for x in paid.extra_references) == paid.amount


def test_a_latin_1_payer_name_given_as_bytes_keeps_its_swedish_letters():
    text = bgmax(
        start(),
        opening(),
        payment("1234563", 100000, "1"),
        name("Åsa Öberg på Ängen"),
        town("Västerås"),
        deposit(100000, 1),
        end(1),
    )

    paid = parse_bgmax(text.encode("latin-1")).deposits[0].payments[0]

    assert (paid.payer_name, paid.payer_town) == ("Åsa Öberg på Ängen", "Västerås")


def test_crlf_line_endings_and_a_trailing_empty_line_read_like_lf():
    crlf = bgmax(*TWO_DEPOSITS.splitlines(), newline="\r\n") + "\r\n"

    parsed = parse_bgmax(crlf.encode("latin-1"))

    assert parsed == parse_bgmax(TWO_DEPOSITS)
    assert parsed.deposits[1].payments[0].amount == Decimal("0.50")


def test_records_whose_trailing_blanks_were_stripped_are_read_as_padded():
    stripped = "\n".join(line.rstrip() for line in TWO_DEPOSITS.splitlines())

    assert parse_bgmax(stripped) == parse_bgmax(TWO_DEPOSITS)


VALID = [
    start(),  # line 1
    opening(),  # line 2
    payment("1234563", 100000, "1"),  # line 3
    name("Anna Andersson"),  # line 4
    deposit(100000, 1),  # line 5
    end(1),  # line 6
]


def replaced(index, line):
    return [*VALID[:index], line, *VALID[index + 1 :]]


def inserted(index, line):
    return [*VALID[:index], line, *VALID[index:]]


@pytest.mark.parametrize(
    "records, line, message",
    [
        (
            replaced(2, put(VALID[2], 50, "x")),
            3,
            "line 3: amount is not a number",
        ),
        (replaced(0, start(layout="BGMIN")), 1, "line 1: not a BgMax file (expected layout name BGMAX)"),
        (VALID[1:], 1, "line 1: not a BgMax file (expected start record 01)"),
        (replaced(0, start(version="02")), 1, "line 1: BgMax version 02 is not supported (expected 01)"),
        (
            replaced(0, start(timestamp="20261332083015123456")),
            1,
            "line 1: timestamp is not a valid date and time",
        ),
        (replaced(0, start(mark="X")), 1, 'line 1: test mark must be "T" or "P", not "X"'),
        (inserted(3, record("99")), 4, "line 4: record type 99 is unknown"),
        (
            [VALID[0], *VALID[2:]],
            2,
            "line 2: a payment outside a deposit (no opening record 05 before it)",
        ),
        (replaced(2, VALID[2] + " "), 3, "line 3: record is 81 characters, expected 80"),
        (replaced(2, VALID[2][:60]), 3, "line 3: image flag is not a number"),
        (
            replaced(3, "26Anna\tAndersson"),
            4,
            "line 4: record contains a tab; BgMax records are fixed-width",
        ),
        (inserted(2, ""), 3, "line 3: empty line"),
        (
            inserted(2, payment("1111", 0, "1", code="22")),
            3,
            "line 3: an extra reference (22/23) without a payment before it",
        ),
        (
            inserted(2, name("Anna Andersson")),
            3,
            "line 3: payer details (record 26) without a payment before them",
        ),
        (
            inserted(3, payment("1111", 0, "9", code="22")),
            4,
            "line 4: extra reference has BGC serial number 000000000009, the payment before it 000000000001",
        ),
        (inserted(4, name("Bertil Berg")), 5, "line 5: a second record 26 for the same payment"),
        (replaced(2, put(VALID[2], 58, " " * 12)), 3, "line 3: BGC serial number is missing"),
        (replaced(1, opening(currency="se")), 2, "line 2: currency is not a currency code"),
        (
            replaced(4, deposit(100001, 1)),
            5,
            "line 5: deposit amount 1000.01 does not match its payments, which add up to 1000.00",
        ),
        (replaced(4, deposit(100000, 2)), 5, "line 5: deposit says 2 payments, it has 1"),
        (
            replaced(4, deposit(100000, 1, currency="EUR")),
            5,
            "line 5: deposit currency EUR differs from its opening record (SEK)",
        ),
        (replaced(4, deposit(100000, 1, day="20260230")), 5, "line 5: payment date is not a valid date"),
        (
            inserted(3, opening()),
            4,
            "line 4: an opening record (05) before the previous deposit was closed (15)",
        ),
        (
            inserted(5, deposit(100000, 1)),
            6,
            "line 6: a deposit record (15) without an opening record (05) before it",
        ),
        (
            [*VALID[:4], VALID[5]],
            5,
            "line 5: the end record (70) comes before the open deposit was closed (15)",
        ),
        ([*VALID, VALID[2]], 7, "line 7: records after the end record (70)"),
        (inserted(1, start()), 2, "line 2: a second start record (01)"),
    ],
)
def test_a_malformed_file_is_refused_whole_naming_the_line(records, line, message):
    with pytest.raises(BgMaxError) as refused:
        parse_bgmax(bgmax(*records))

    assert (refused.value.line, str(refused.value)) == (line, message)


@pytest.mark.parametrize(
    "counts, message",
    [
        ((2, 0, 0, 1), "line 6: end record says 2 payments, file has 1"),
        ((1, 1, 0, 1), "line 6: end record says 1 deductions, file has 0"),
        ((1, 0, 4, 1), "line 6: end record says 4 extra references, file has 0"),
        ((1, 0, 0, 3), "line 6: end record says 3 deposits, file has 1"),
    ],
)
def test_an_end_record_whose_counts_disagree_with_the_file_is_refused(counts, message):
    with pytest.raises(BgMaxError) as refused:
        parse_bgmax(bgmax(*VALID[:5], end(*counts)))

    assert (refused.value.line, str(refused.value)) == (6, message)


def test_a_file_cut_off_before_its_end_record_is_refused():
    with pytest.raises(BgMaxError) as refused:
        parse_bgmax(bgmax(*VALID[:5]))

    assert (refused.value.line, str(refused.value)) == (None, "file ends without an end record (70)")


@pytest.mark.parametrize("data", [b"", "\r\n", "\n\n"])
def test_an_empty_file_is_refused(data):
    with pytest.raises(BgMaxError, match="the file is empty"):
        parse_bgmax(data)


def test_the_error_is_a_value_error_whose_message_waits_to_be_translated():
    with pytest.raises(ValueError) as refused:
        parse_bgmax(bgmax(*replaced(2, put(VALID[2], 50, "x"))))

    assert isinstance(refused.value, BgMaxError)
    assert isinstance(refused.value.message, Promise)
    assert str(refused.value.message) == "line %(line)s: %(field)s is not a number"


def test_the_same_payment_parsed_twice_has_the_same_key_and_other_payments_differ():
    def keys():
        parsed = parse_bgmax(TWO_DEPOSITS.encode("latin-1"))
        return [payment_key(d, p) for d in parsed.deposits for p in d.payments]

    first, again = keys(), keys()

    assert first == again
    assert len(set(first)) == 3
    assert first[0] == "56781230/20260112/00007/000000000001/0/149000"


def test_two_payments_sharing_a_bgc_serial_number_still_get_different_keys():
    # Bankgirot's own example file has two payments with one serial number in a deposit.
    parsed = parse_bgmax(
        bgmax(
            start(),
            opening(),
            payment("1234563", 70000, "16", sender="1234567"),
            payment("2345672", 500000, "16", sender="3783511"),
            deposit(570000, 2),
            end(2),
        )
    )

    one, other = parsed.deposits[0].payments

    assert payment_key(parsed.deposits[0], one) != payment_key(parsed.deposits[0], other)


def test_errors_are_explained_in_swedish_too():
    from django.utils import translation

    with translation.override("sv"), pytest.raises(BgMaxError) as refused:
        parse_bgmax("")
    with translation.override("sv"):
        assert str(refused.value) == "filen är tom"
