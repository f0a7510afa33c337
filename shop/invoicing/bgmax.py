"""BgMax: the file Bankgirot sends with a bankgiro's incoming payments, one 80-character record a line.

Layout per Bankgirot's "Bankgiro Inbetalningar – Teknisk manual" (record types TK01–TK70).
"""

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import NamedTuple

from django.utils.translation import gettext_lazy as _

RECORD_LENGTH = 80


class Field(NamedTuple):
    name: str
    start: int  # 1-based and inclusive, as the manual numbers positions
    end: int
    label: str


_TRANSACTION = (
    Field("sender_bankgiro", 3, 12, _("sender's bankgiro number")),
    Field("reference", 13, 37, _("reference")),
    Field("amount", 38, 55, _("amount")),
    Field("reference_code", 56, 56, _("reference code")),
    Field("channel", 57, 57, _("payment channel code")),
    Field("bgc_serial", 58, 69, _("BGC serial number")),
    Field("image", 70, 70, _("image flag")),
)

# Positions not listed are blank (reserved). Amounts are in öre, right-aligned and zero-filled.
LAYOUT: dict[str, tuple[Field, ...]] = {
    "01": (  # start
        Field("layout", 3, 22, _("layout name")),
        Field("version", 23, 24, _("layout version")),
        Field("timestamp", 25, 44, _("timestamp")),
        Field("test_mark", 45, 45, _("test mark")),
    ),
    "05": (  # opening of a deposit
        Field("bankgiro", 3, 12, _("receiving bankgiro number")),
        Field("plusgiro", 13, 22, _("receiving plusgiro number")),
        Field("currency", 23, 25, _("currency")),
    ),
    "20": _TRANSACTION,  # payment
    "21": (*_TRANSACTION, Field("deduction_code", 71, 71, _("deduction code"))),  # deduction
    "22": _TRANSACTION,  # extra reference, positive amount
    "23": _TRANSACTION,  # extra reference, negative amount
    "25": (Field("info_text", 3, 52, _("information text")),),
    "26": (
        Field("payer_name", 3, 37, _("payer's name")),
        Field("payer_name_extra", 38, 72, _("payer's extra name")),
    ),
    "27": (
        Field("payer_address", 3, 37, _("payer's address")),
        Field("payer_postcode", 38, 46, _("payer's postcode")),
    ),
    "28": (
        Field("payer_town", 3, 37, _("payer's town")),
        Field("payer_country", 38, 72, _("payer's country")),
        Field("payer_country_code", 73, 74, _("payer's country code")),
    ),
    "29": (Field("payer_org_number", 3, 14, _("payer's organisation number")),),
    "15": (  # deposit: closes what 05 opened
        Field("account", 3, 37, _("receiver's bank account")),
        Field("payment_date", 38, 45, _("payment date")),
        Field("serial", 46, 50, _("deposit serial number")),
        Field("amount", 51, 68, _("deposit amount")),
        Field("currency", 69, 71, _("currency")),
        Field("count", 72, 79, _("number of payments")),
        Field("deposit_type", 80, 80, _("deposit type")),
    ),
    "70": (  # end
        Field("payments", 3, 10, _("number of payment records")),
        Field("deductions", 11, 18, _("number of deduction records")),
        Field("extra_references", 19, 26, _("number of extra reference records")),
        Field("deposits", 27, 34, _("number of deposit records")),
    ),
}

_FIELDS = {code: {f.name: f for f in fields} for code, fields in LAYOUT.items()}
_DIGITS = re.compile(r"[0-9]+")
_CURRENCY = re.compile(r"[A-Z]{3}")


class BgMaxError(ValueError):
    """The file is not a well-formed BgMax file; nothing in it may be applied.

    `line` is the 1-based line the problem is on, or None when it concerns the file as a whole.
    The message stays lazy until it is shown, so it appears in the reader's language.
    """

    def __init__(self, message, line: int | None = None, **params):
        super().__init__(message, line)
        self.message = message
        self.line = line
        self.params = {"line": line, **params}

    def __str__(self) -> str:
        return str(self.message) % self.params


@dataclass
class ExtraReference:
    reference: str
    amount: Decimal  # kronor; negative for a 23 record
    reference_code: int


@dataclass
class Payment:
    """A payment (20) or a deduction (21), with the records that follow it. Absent texts are ""."""

    line: int
    sender_bankgiro: str  # "" when Bankgirot does not know it
    references: list[str]  # the record's own reference, then those of its 22 records
    amount: Decimal  # kronor; negative for a deduction
    reference_code: int
    channel: int
    bgc_serial: str
    has_image: bool
    deduction_code: int | None = None
    extra_references: list[ExtraReference] = field(default_factory=list)
    info_texts: list[str] = field(default_factory=list)
    payer_name: str = ""
    payer_name_extra: str = ""
    payer_address: str = ""
    payer_postcode: str = ""
    payer_town: str = ""
    payer_country: str = ""
    payer_country_code: str = ""
    payer_org_number: str = ""

    @property
    def is_deduction(self) -> bool:
        return self.deduction_code is not None


@dataclass
class Deposit:
    receiving_bankgiro: str
    currency: str
    account: str
    payment_date: date
    serial: str
    amount: Decimal  # kronor: the payments minus the deductions
    deposit_type: str
    payments: list[Payment]


@dataclass
class BgMaxFile:
    timestamp: datetime
    is_test: bool
    deposits: list[Deposit]


def payment_key(deposit: Deposit, payment: Payment) -> str:
    """A key naming one payment across files, so that an importer can refuse to apply it twice.

    Bankgirot numbers each payment with a BGC serial number, but its own example file repeats
    one within a deposit, so the serial is not trusted alone: the key adds the receiving
    bankgiro, the payment date, the deposit's serial number, the sender's bankgiro and the
    amount. All of it comes from the records themselves, so the same file uploaded again
    gives the same keys.
    """
    ore = int(payment.amount.scaleb(2))
    return "/".join(
        (
            deposit.receiving_bankgiro,
            deposit.payment_date.strftime("%Y%m%d"),
            deposit.serial,
            payment.bgc_serial,
            payment.sender_bankgiro or "0",
            str(ore),
        )
    )


def parse_bgmax(data: bytes | str) -> BgMaxFile:
    """Parse a whole BgMax file, or raise BgMaxError if any part of it is malformed."""
    text = data.decode("latin-1") if isinstance(data, bytes | bytearray) else data
    # Not str.splitlines(): it also splits at U+0085, a character latin-1 decoding can produce.
    lines = [line.removesuffix("\r") for line in text.split("\n")]
    while lines and not lines[-1].strip():
        lines.pop()
    if not lines:
        raise BgMaxError(_("the file is empty"))
    return _Parser().parse(lines)


class _Record:
    def __init__(self, number: int, text: str):
        self.line = number
        self.text = text
        self.code = text[:2]

    def error(self, message, **params) -> BgMaxError:
        return BgMaxError(message, self.line, **params)

    def raw(self, name: str) -> str:
        f = _FIELDS[self.code][name]
        return self.text[f.start - 1 : f.end]

    def label(self, name: str) -> str:
        return _FIELDS[self.code][name].label

    def string(self, name: str) -> str:
        return self.raw(name).strip()

    def number(self, name: str) -> int:
        raw = self.raw(name)
        if not _DIGITS.fullmatch(raw):
            raise self.error(_("line %(line)s: %(field)s is not a number"), field=self.label(name))
        return int(raw)

    def amount(self, name: str) -> Decimal:
        return Decimal(self.number(name)).scaleb(-2)

    def bankgiro(self, name: str) -> str:
        number = self.number(name)
        return str(number) if number else ""

    def date(self, name: str) -> date:
        raw = self.raw(name)
        try:
            if not _DIGITS.fullmatch(raw):
                raise ValueError(raw)
            return datetime.strptime(raw, "%Y%m%d").date()
        except ValueError:
            raise self.error(
                _("line %(line)s: %(field)s is not a valid date"), field=self.label(name)
            ) from None

    def currency(self, name: str) -> str:
        raw = self.raw(name)
        if not _CURRENCY.fullmatch(raw):
            raise self.error(_("line %(line)s: %(field)s is not a currency code"), field=self.label(name))
        return raw


@dataclass
class _OpenDeposit:
    receiving_bankgiro: str
    currency: str
    payments: list[Payment] = field(default_factory=list)


class _Parser:
    def __init__(self):
        self.deposits: list[Deposit] = []
        self.open: _OpenDeposit | None = None
        self.payment: Payment | None = None
        self.payer_records_seen: set[str] = set()
        self.counts = {"payments": 0, "deductions": 0, "extra_references": 0}
        self.ended = False
        self.handlers = {
            "05": self.opening,
            "20": self.transaction,
            "21": self.transaction,
            "22": self.extra_reference,
            "23": self.extra_reference,
            "25": self.info_text,
            "26": self.payer_details,
            "27": self.payer_details,
            "28": self.payer_details,
            "29": self.payer_details,
            "15": self.deposit,
            "70": self.end,
        }

    def parse(self, lines: list[str]) -> BgMaxFile:
        timestamp, is_test = self.start(self.record(1, lines[0]))
        for number, text in enumerate(lines[1:], start=2):
            record = self.record(number, text)
            if self.ended:
                raise record.error(_("line %(line)s: records after the end record (70)"))
            if record.code == "01":
                raise record.error(_("line %(line)s: a second start record (01)"))
            handler = self.handlers.get(record.code)
            # The manual advises readers to skip record types they do not know. BgMax is frozen
            # (Bankgirot retires it in 2026), so an unknown type means a damaged or foreign file.
            if handler is None:
                raise record.error(_("line %(line)s: record type %(code)s is unknown"), code=record.code)
            handler(record)
        if not self.ended:
            raise BgMaxError(_("file ends without an end record (70)"))
        return BgMaxFile(timestamp=timestamp, is_test=is_test, deposits=self.deposits)

    def record(self, number: int, text: str) -> _Record:
        if not text:
            raise BgMaxError(_("line %(line)s: empty line"), number)
        if "\t" in text:
            raise BgMaxError(_("line %(line)s: record contains a tab; BgMax records are fixed-width"), number)
        if len(text) > RECORD_LENGTH:
            raise BgMaxError(
                _("line %(line)s: record is %(length)s characters, expected 80"), number, length=len(text)
            )
        # Trailing blanks go missing in transfer, and Bankgirot's own example file lacks some:
        # a short record is read as if padded. Mandatory fields cut off still fail as missing.
        return _Record(number, text.ljust(RECORD_LENGTH))

    def start(self, record: _Record) -> tuple[datetime, bool]:
        if record.code != "01":
            raise record.error(_("line %(line)s: not a BgMax file (expected start record 01)"))
        if record.string("layout") != "BGMAX":
            raise record.error(_("line %(line)s: not a BgMax file (expected layout name BGMAX)"))
        if record.raw("version") != "01":
            raise record.error(
                _("line %(line)s: BgMax version %(version)s is not supported (expected 01)"),
                version=record.raw("version"),
            )
        raw = record.raw("timestamp")
        try:
            if not _DIGITS.fullmatch(raw):
                raise ValueError(raw)
            timestamp = datetime.strptime(raw, "%Y%m%d%H%M%S%f")
        except ValueError:
            raise record.error(_("line %(line)s: timestamp is not a valid date and time")) from None
        mark = record.raw("test_mark")
        if mark not in ("T", "P"):
            raise record.error(_('line %(line)s: test mark must be "T" or "P", not "%(mark)s"'), mark=mark)
        return timestamp, mark == "T"

    def opening(self, record: _Record) -> None:
        if self.open is not None:
            raise record.error(
                _("line %(line)s: an opening record (05) before the previous deposit was closed (15)")
            )
        self.open = _OpenDeposit(record.bankgiro("bankgiro"), record.currency("currency"))
        self.payment = None

    def transaction(self, record: _Record) -> None:
        if self.open is None:
            raise record.error(
                _("line %(line)s: a payment outside a deposit (no opening record 05 before it)")
            )
        is_deduction = record.code == "21"
        amount = record.amount("amount")
        reference = record.string("reference")
        self.payment = Payment(
            line=record.line,
            sender_bankgiro=record.bankgiro("sender_bankgiro"),
            references=[reference] if reference else [],
            amount=-amount if is_deduction else amount,
            reference_code=record.number("reference_code"),
            channel=record.number("channel"),
            bgc_serial=self.bgc_serial(record),
            has_image=record.number("image") == 1,
            deduction_code=record.number("deduction_code") if is_deduction else None,
        )
        self.payer_records_seen = set()
        self.open.payments.append(self.payment)
        self.counts["deductions" if is_deduction else "payments"] += 1

    def bgc_serial(self, record: _Record) -> str:
        # Not required to be digits: real files have been seen with letters in it.
        serial = record.string("bgc_serial")
        if not serial:
            raise record.error(_("line %(line)s: %(field)s is missing"), field=record.label("bgc_serial"))
        return serial

    def current_payment(self, record: _Record) -> Payment:
        if self.payment is None:
            if record.code in ("22", "23"):
                raise record.error(_("line %(line)s: an extra reference (22/23) without a payment before it"))
            raise record.error(
                _("line %(line)s: payer details (record %(code)s) without a payment before them"),
                code=record.code,
            )
        return self.payment

    def extra_reference(self, record: _Record) -> None:
        payment = self.current_payment(record)
        serial = self.bgc_serial(record)
        if serial != payment.bgc_serial:
            raise record.error(
                _(
                    "line %(line)s: extra reference has BGC serial number %(actual)s, "
                    "the payment before it %(expected)s"
                ),
                actual=serial,
                expected=payment.bgc_serial,
            )
        amount = record.amount("amount")
        reference = record.string("reference")
        payment.extra_references.append(
            ExtraReference(
                reference=reference,
                amount=-amount if record.code == "23" else amount,
                reference_code=record.number("reference_code"),
            )
        )
        if record.code == "22" and reference:
            payment.references.append(reference)
        self.counts["extra_references"] += 1

    def info_text(self, record: _Record) -> None:
        self.current_payment(record).info_texts.append(record.string("info_text"))

    def payer_details(self, record: _Record) -> None:
        payment = self.current_payment(record)
        if record.code in self.payer_records_seen:
            raise record.error(
                _("line %(line)s: a second record %(code)s for the same payment"), code=record.code
            )
        self.payer_records_seen.add(record.code)
        for f in LAYOUT[record.code]:
            setattr(payment, f.name, record.string(f.name))
        if record.code == "29":
            payment.payer_org_number = payment.payer_org_number.lstrip("0")

    def deposit(self, record: _Record) -> None:
        opened = self.open
        if opened is None:
            raise record.error(
                _("line %(line)s: a deposit record (15) without an opening record (05) before it")
            )
        currency = record.currency("currency")
        if currency != opened.currency:
            raise record.error(
                _(
                    "line %(line)s: deposit currency %(actual)s differs from its opening record (%(expected)s)"
                ),
                actual=currency,
                expected=opened.currency,
            )
        count = record.number("count")
        if count != len(opened.payments):
            raise record.error(
                _("line %(line)s: deposit says %(expected)s payments, it has %(actual)s"),
                expected=count,
                actual=len(opened.payments),
            )
        amount = record.amount("amount")
        total = sum((p.amount for p in opened.payments), Decimal("0.00"))
        if amount != total:
            raise record.error(
                _(
                    "line %(line)s: deposit amount %(expected)s does not match its payments, which add up to %(actual)s"
                ),
                expected=amount,
                actual=total,
            )
        self.deposits.append(
            Deposit(
                receiving_bankgiro=opened.receiving_bankgiro,
                currency=currency,
                account=record.string("account").lstrip("0"),
                payment_date=record.date("payment_date"),
                serial=f"{record.number('serial'):05d}",
                amount=amount,
                deposit_type=record.string("deposit_type"),
                payments=opened.payments,
            )
        )
        self.open = None
        self.payment = None

    def end(self, record: _Record) -> None:
        if self.open is not None:
            raise record.error(
                _("line %(line)s: the end record (70) comes before the open deposit was closed (15)")
            )
        actual = {**self.counts, "deposits": len(self.deposits)}
        messages = {
            "payments": _("line %(line)s: end record says %(expected)s payments, file has %(actual)s"),
            "deductions": _("line %(line)s: end record says %(expected)s deductions, file has %(actual)s"),
            "extra_references": _(
                "line %(line)s: end record says %(expected)s extra references, file has %(actual)s"
            ),
            "deposits": _("line %(line)s: end record says %(expected)s deposits, file has %(actual)s"),
        }
        for name, message in messages.items():
            expected = record.number(name)
            if expected != actual[name]:
                raise record.error(message, expected=expected, actual=actual[name])
        self.ended = True
