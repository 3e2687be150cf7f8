"""Fee rules and service forms as head-office data (``Service.rules``), not code.

A service's ``rules`` may hold:

``fields``: what the associate must take down before the visit can be
tendered, e.g. ``{"key": "deponent_name", "label": "Deponent's name",
"kind": "text"}``. Kinds: ``text``, ``choice`` (with ``choices``), ``money``,
``count``, ``date`` (YYYY-MM-DD), ``id_digits`` (the last 3-4 digits of an
ID). Fields are required unless ``"required": false``.

``fee``: the fee's shape (DOMAIN.md, "Fee rules seen in real Ontario fee
by-laws"), applied to the catalogue's ``fee_cents``:

- ``options``: the first whose ``when`` matches sets the fee; ``when`` compares
  answers (``{"sterilized": "Yes"}``) and the date paid
  (``"paid_by": "03-31"``: on or before March 31 of the year paid);
- ``percent``: ``{"of": "prize_value", "basis_points": 300, "minimum_cents": 500}``;
- ``per_unit``: ``{"field": "witnesses", "cents": 2500, "unit": "witness"}`` added
  per unit (or a list of them: MFIPPA search time and pages); ``unit`` is the
  singular name the price label uses ("$265.00 per hour"; without it "× hours");
- ``adjust``: ``[{"when": {...}, "percent_off": 50}]`` (seniors half price).

``remit`` (``{"cents": 4800, "to": "Province of Ontario"}``: the part of the
fee collected for another body), ``stock_kind`` (numbered stock issued with
the line), ``expires``
(``"year_end"`` or ``"days:90"``), ``receipt`` (a template such as
``"Tag {stock_number}, {dog_name}, expires {expires}"``) and ``log``
(``"commissioning"``: a commissioner's log entry), ``registration``
(capacity, seats taken, start, refund rule) and ``booking`` (which answers
are the date, start and hours: no double booking) are read by the service
layer.
Pure: no I/O.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from counterapp.domain.money import AmountError, format_cents, parse_amount, percent_of
from counterapp.i18n import Bilingual, Message, MessageError, in_language, items_in_language

FIELD_KINDS = ("text", "choice", "money", "count", "date", "id_digits")
MAX_TEXT = 120


class FormError(MessageError, ValueError):
    """An answer the form refuses. ``str()`` is the message to show."""


@dataclass(frozen=True, slots=True)
class Field:
    key: str
    label: str
    kind: str = "text"
    required: bool = True
    choices: tuple[str, ...] = ()
    # French from head office (issue 13); "" or missing: the English is shown.
    label_fr: str = ""
    choices_fr: tuple[str, ...] = ()

    def label_in(self, language: str) -> str:
        return in_language(self.label, self.label_fr, language)

    def choices_in(self, language: str) -> tuple[str, ...]:
        """The choices as shown in ``language``, in the order of ``choices`` (the
        answer kept is always the English choice: fee rules compare it)."""
        return items_in_language(self.choices, self.choices_fr, language)

    @classmethod
    def from_rule(cls, d: Mapping[str, Any]) -> Field:
        kind = str(d.get("kind", "text"))
        if kind not in FIELD_KINDS:
            raise ValueError(f"unknown field kind {kind!r} in the catalogue")
        return cls(
            key=str(d["key"]),
            label=str(d.get("label", d["key"])),
            kind=kind,
            required=bool(d.get("required", True)),
            choices=tuple(str(c) for c in d.get("choices", ())),
            label_fr=str(d.get("label_fr", "")),
            choices_fr=tuple(str(c) for c in d.get("choices_fr", ())),
        )


def form_fields(rules: Mapping[str, Any]) -> list[Field]:
    return [Field.from_rule(f) for f in rules.get("fields", ())]


def _clean(field: Field, raw: str) -> str:
    text = raw.strip()
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in text):
        raise FormError("{field}: type it again without control characters.", field=field.label)
    if field.kind == "text":
        if len(text) > MAX_TEXT:
            raise FormError(
                "{field}: at most {limit} characters.", field=field.label, limit=MAX_TEXT
            )
        return text  # names are kept exactly as typed (accents, any script)
    if field.kind == "choice":
        if text not in field.choices:
            raise FormError(
                "{field}: choose one of {choices}.",
                field=field.label,
                choices=", ".join(field.choices),
            )
        return text
    if field.kind == "money":
        try:
            return str(parse_amount(text))
        except AmountError as exc:
            raise FormError("{field}: {exc}", field=field.label, exc=exc) from None
    if field.kind == "count":
        if not text.isdigit() or int(text) > 99:
            raise FormError("{field}: a whole number from 0 to 99.", field=field.label)
        return str(int(text))
    if field.kind == "date":
        try:
            return date.fromisoformat(text).isoformat()
        except ValueError:
            raise FormError("{field}: a date like 2026-11-23.", field=field.label) from None
    # id_digits
    if not text.isdigit() or not 3 <= len(text) <= 4:
        raise FormError(
            "{field}: the last 3 or 4 digits of the ID, digits only.", field=field.label
        )
    return text


def check_answers(fields: list[Field], answers: Mapping[str, str]) -> dict[str, str]:
    """The answers cleaned, or ``FormError`` naming the first field that is wrong."""
    known = {f.key for f in fields}
    unknown = sorted(set(answers) - known)
    if unknown:
        raise FormError("The form has no field '{field}'.", field=unknown[0])
    out: dict[str, str] = {}
    for f in fields:
        raw = str(answers.get(f.key, ""))
        if not raw.strip():
            if f.required:
                raise FormError("{field} is required.", field=f.label)
            continue
        out[f.key] = _clean(f, raw)
    return out


def _matches(when: Mapping[str, Any], answers: Mapping[str, str], on: date) -> bool:
    for key, want in when.items():
        if key == "paid_by":
            month, day = (int(x) for x in str(want).split("-"))
            if on > date(on.year, month, day):
                return False
        elif key == "paid_after":
            month, day = (int(x) for x in str(want).split("-"))
            if on <= date(on.year, month, day):
                return False
        elif answers.get(key, "") != str(want):
            return False
    return True


def compute_fee(
    rules: Mapping[str, Any], *, base_cents: int, answers: Mapping[str, str], on: date
) -> int:
    """The fee for one line, by the catalogue's rule (``base_cents`` when it has none)."""
    fee_rule = rules.get("fee") or {}
    fee = base_cents
    for option in fee_rule.get("options", ()):
        if _matches(option.get("when", {}), answers, on):
            fee = int(option["cents"])
            break
    pct = fee_rule.get("percent")
    if pct:
        value = int(answers.get(str(pct["of"]), "0") or 0)
        fee = max(int(pct.get("minimum_cents", 0)), percent_of(value, int(pct["basis_points"])))
    units = fee_rule.get("per_unit") or []
    for unit in [units] if isinstance(units, Mapping) else units:
        fee += int(unit["cents"]) * int(answers.get(str(unit["field"]), "0") or 0)
    for adj in fee_rule.get("adjust", ()):
        if _matches(adj.get("when", {}), answers, on):
            fee -= percent_of(fee, int(adj["percent_off"]) * 100)
    return max(fee, 0)


def expiry(rules: Mapping[str, Any], on: date) -> str:
    """When what is issued expires ("" when it does not)."""
    rule = str(rules.get("expires", ""))
    if rule == "year_end":
        return date(on.year, 12, 31).isoformat()
    if rule.startswith("days:"):
        return (on + timedelta(days=int(rule[5:]))).isoformat()
    return ""


_PLACEHOLDER = re.compile(r"\{([a-z_][a-z0-9_]*)\}")


def receipt_detail(template: str, values: Mapping[str, str]) -> str:
    """Fill ``{key}`` placeholders (only plain names: no attribute access)."""

    return " ".join(_PLACEHOLDER.sub(lambda m: values.get(m.group(1), ""), template).split())


def display_values(fields: list[Field], answers: Mapping[str, str]) -> dict[str, str]:
    """Answers as a receipt shows them (money as dollars)."""
    kinds = {f.key: f.kind for f in fields}
    return {k: format_cents(int(v)) if kinds.get(k) == "money" else v for k, v in answers.items()}


#: Most visitor answers enumerated to find a fee's range (choices multiply).
MAX_PRICE_COMBINATIONS = 256


def _rule_keys(fee_rule: Mapping[str, Any]) -> list[str]:
    keys: list[str] = []
    for part in (*fee_rule.get("options", ()), *fee_rule.get("adjust", ())):
        for key in part.get("when", {}):
            if key not in ("paid_by", "paid_after") and key not in keys:
                keys.append(key)
    return keys


def _date_dependent(fee_rule: Mapping[str, Any]) -> bool:
    return any(
        key in ("paid_by", "paid_after")
        for part in (*fee_rule.get("options", ()), *fee_rule.get("adjust", ()))
        for key in part.get("when", {})
    )


def price_label(rules: Mapping[str, Any], *, base_cents: int, on: date) -> Message:
    """What a price list says for a service, from the same rule that prices the sale.

    A flat fee is its amount ("no charge" for none). A fee that depends on the
    visitor's answers is today's range with the reason ("$15.00–$35.00
    (depends on: spayed or neutered, owner is 65 or older)"); one that depends
    on the date is the price on ``on`` (the site's today) and says it changes
    with the date. A percentage or a per-unit charge says so. A message (ids and
    values): money shows in the reader's language; labels are the catalogue's.
    """
    fee_rule = rules.get("fee") or {}
    if not fee_rule:
        return Message("{fee_cents}", fee_cents=base_cents) if base_cents else Message("no charge")
    fields = {f.key: f for f in form_fields(rules)}
    pct = fee_rule.get("percent")
    if pct:
        of = fields.get(str(pct["of"]))
        basis = _label(of, str(pct["of"]))
        minimum = int(pct.get("minimum_cents", 0))
        percent = f"{int(pct['basis_points']) / 100:g}"
        if minimum:
            return Message(
                "{percent}% of {basis}, at least {minimum_cents}",
                percent=percent, basis=basis, minimum_cents=minimum,
            )  # fmt: skip
        return Message("{percent}% of {basis}", percent=percent, basis=basis)
    keys = _rule_keys(fee_rule)
    choices: list[tuple[str, tuple[str, ...]]] = []
    for key in keys:
        f = fields.get(key)
        values = f.choices if f and f.choices else ("",)
        choices.append((key, values))
    combos: list[dict[str, str]] = [{}]
    for key, values in choices:
        combos = [{**c, key: v} for c in combos for v in values]
        if len(combos) > MAX_PRICE_COMBINATIONS:
            break
    fees = {compute_fee(rules, base_cents=base_cents, answers=c, on=on) for c in combos}
    low, high = min(fees), max(fees)
    text = (
        Message("{fee_cents}", fee_cents=low)
        if low == high
        else Message("{low_cents}–{high_cents}", low_cents=low, high_cents=high)
    )
    free = low == high == 0
    units = fee_rule.get("per_unit") or []
    for unit in [units] if isinstance(units, Mapping) else units:
        f = fields.get(str(unit["field"]))
        # "per hour" needs the unit's own (singular) name; a field's label is a column
        # heading ("Hours"), so without one the price reads "$265.00 × hours".
        named = str(unit.get("unit") or "").strip()
        count = _label(f, str(unit["field"]))
        cents = int(unit["cents"])
        per = (
            Message("{unit_cents} per {unit}", unit_cents=cents, unit=named)
            if named
            else Message("{unit_cents} × {count_of}", unit_cents=cents, count_of=count)
        )
        text = per if free else Message("{price} + {more}", price=text, more=per)
        free = False
    deciding = [fields[k] for k in keys if k in fields] if low != high else []
    reasons = (
        Bilingual(
            ", ".join(f.label.lower() for f in deciding),
            ", ".join(f.label_in("fr").lower() for f in deciding),
        )
        if deciding
        else None
    )
    dated = _date_dependent(fee_rule)
    if reasons and dated:
        return Message(
            "{price} (depends on: {reasons}; today's price; it changes with the date)",
            price=text, reasons=reasons,
        )  # fmt: skip
    if reasons:
        return Message("{price} (depends on: {reasons})", price=text, reasons=reasons)
    if dated:
        return Message("{price} (today's price; it changes with the date)", price=text)
    return text


def _label(field: Field | None, key: str) -> Bilingual:
    """A field's label inside a price ("… of assessed value"), in the reader's language."""
    if field is None:
        return Bilingual(key.lower())
    return Bilingual(field.label.lower(), field.label_in("fr").lower())
