"""Personal data kept only as long as needed (issue 15, MFIPPA).

Which values of a record are a person's (``personal_paths``): a deponent's
name and ID digits (``commission_log``), a participant's name
(``registration``), a visitor's contact details and what they said
(``intake``), and on a sale's lines every form answer whose key names a
person's name, address, phone, e-mail, contact, birth date, guardian or ID
digits, with the receipt line rendered from them (``receipt_detail``).

**Redaction keeps the chain verifiable.** A record holding personal data is
hashed (``domain.chain.record_hash``) over its *redacted form*: each personal
value is replaced by ``{"redacted": <digest>}``, the digest being SHA-256 of a
random per-record salt (``pd_salt``, kept in the payload beside the values) and
the value's canonical JSON. Redacting a record writes exactly that form and
drops the salt: the hash is unchanged, so the station's chain, head office's
``counterapp server verify`` and the receipt's check code still hold, and any
other change is still caught. Without the salt, the digest of a name or of
four ID digits cannot be guessed back. Records hashed before this rule have
no salt: they are hashed over their plain payload and are left unredacted
(reported as such), because redacting them would break their hash.

**Retention** is a head-office setting published to every station
(``personal_data_retention``): per record kind, ``days`` that head office
keeps the personal data (counted from the record's arrival), and
``station_days`` that a station keeps it after the record was made (and
only once head office has acknowledged it). Pure: no I/O.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

SALT_KEY = "pd_salt"
MARKER_KEY = "redacted"
SETTING = "personal_data_retention"
MAX_DAYS = 36_500

Path = tuple[str | int, ...]

# A form answer whose key names one of these is a person's (key words split on "_").
_PERSONAL_WORDS = frozenset(
    {
        "name",
        "names",
        "address",
        "phone",
        "email",
        "contact",
        "birth",
        "dob",
        "guardian",
        "deponent",
        "digits",
        "sin",
    }
)
PERSONAL_WORDS = _PERSONAL_WORDS
# …unless it names an organisation rather than a person.
_NOT_A_PERSON = ("business_", "organization", "organisation", "company_", "funeral_home")

# Record kinds whose top-level fields are a person's.
TOP_LEVEL: dict[str, tuple[str, ...]] = {
    "commission_log": ("deponent_name", "id_last_digits"),
    "registration": ("participant_name",),
    "intake": ("contact_name", "contact", "callback", "summary", "documents"),
}
KINDS = ("sale", *TOP_LEVEL)

# MFIPPA (O. Reg. 823/90, s. 5): personal information that has been used is
# kept for at least a year after its use. Stations keep it a short while for
# reprints and look-ups (a registration until its program has run).
DEFAULT_DAYS = 365
DEFAULT_STATION_DAYS: dict[str, int] = {
    "sale": 7,
    "commission_log": 7,
    "intake": 7,
    "registration": 180,
}

_HEX64 = re.compile(r"^[0-9a-f]{64}$")


def is_personal_answer(key: str) -> bool:
    k = key.lower()
    if k.startswith(_NOT_A_PERSON):
        return False
    return any(word in _PERSONAL_WORDS for word in k.split("_"))


def is_marker(value: Any) -> bool:
    return (
        isinstance(value, dict)
        and len(value) == 1
        and isinstance(value.get(MARKER_KEY), str)
        and _HEX64.match(value[MARKER_KEY]) is not None
    )


def _line_paths(i: int, line: Any) -> Iterator[Path]:
    detail = line.get("detail") if isinstance(line, dict) else None
    if not isinstance(detail, dict):
        return
    answers = detail.get("answers")
    if not isinstance(answers, dict):
        return
    keys = sorted(k for k in answers if is_personal_answer(k))
    for key in keys:
        yield ("lines", i, "detail", "answers", key)
    if keys and "receipt_detail" in detail:
        yield ("lines", i, "detail", "receipt_detail")


def personal_paths(kind: str, payload: Mapping[str, Any]) -> list[Path]:
    """Where a record's personal values are (plain or already redacted)."""
    if kind == "sale":
        lines = payload.get("lines")
        if not isinstance(lines, list):
            return []
        return [p for i, line in enumerate(lines) for p in _line_paths(i, line)]
    return [(key,) for key in TOP_LEVEL.get(kind, ()) if key in payload]


def _get(payload: Any, path: Path) -> Any:
    for step in path:
        payload = payload[step]
    return payload


def field_digest(salt: str, value: Any) -> str:
    from counterapp.domain.chain import canonical

    return hashlib.sha256(bytes.fromhex(salt) + canonical(value)).hexdigest()


def has_personal(kind: str, payload: Mapping[str, Any]) -> bool:
    """Whether any personal value is still in plain text."""
    return any(not is_marker(_get(payload, p)) for p in personal_paths(kind, payload))


def is_redacted(kind: str, payload: Mapping[str, Any]) -> bool:
    return any(is_marker(_get(payload, p)) for p in personal_paths(kind, payload))


def hashed_form(
    kind: str, payload: dict[str, Any], paths: list[Path] | None = None
) -> dict[str, Any]:
    """What a record's hash covers: its payload, or (with a salt or a redaction)
    its redacted form, the same before and after it is redacted. ``paths``:
    ``personal_paths(kind, payload)`` when the caller has it already."""
    if kind not in KINDS:
        return payload
    if paths is None:
        paths = personal_paths(kind, payload)
    salt = payload.get(SALT_KEY)
    if not paths:
        if salt is None:
            return payload
        return {k: v for k, v in payload.items() if k != SALT_KEY}
    if salt is None and not any(is_marker(_get(payload, p)) for p in paths):
        return payload  # hashed before redaction existed: its plain payload
    return redacted_form(kind, payload, paths)


def redacted_form(
    kind: str, payload: dict[str, Any], paths: list[Path] | None = None
) -> dict[str, Any]:
    """The payload with every personal value replaced by its digest, without the salt."""
    paths = personal_paths(kind, payload) if paths is None else paths
    salt = payload.get(SALT_KEY)
    out = {k: v for k, v in payload.items() if k != SALT_KEY}
    fresh: set[int] = {id(out)}  # containers already copied (the payload is never changed)
    for path in paths:
        value = _get(out, path)
        if is_marker(value):
            continue
        digest = field_digest(salt if isinstance(salt, str) else "", value)
        _set_copying(out, path, {MARKER_KEY: digest}, fresh)
    return out


def _set_copying(root: Any, path: Path, value: Any, fresh: set[int]) -> None:
    """Set ``value`` at ``path``, copying (once) each container on the way."""
    node = root
    for step in path[:-1]:
        child = node[step]
        if id(child) not in fresh:
            child = list(child) if isinstance(child, list) else dict(child)
            fresh.add(id(child))
            node[step] = child
        node = child
    node[path[-1]] = value


def path_name(path: Path) -> str:
    """``lines[0].detail.answers.owner_name``: what an audit row names, never a value."""
    out = ""
    for step in path:
        out += f"[{step}]" if isinstance(step, int) else (f".{step}" if out else step)
    return out


# --- the retention setting -------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Period:
    days: int  # head office
    station_days: int


def policy(value: Any) -> dict[str, Period]:
    """The published setting read defensively: a kind given badly keeps its default."""
    given = value if isinstance(value, dict) else {}
    out: dict[str, Period] = {}
    for kind in KINDS:
        days, station_days = DEFAULT_DAYS, DEFAULT_STATION_DAYS[kind]
        item = given.get(kind)
        if isinstance(item, dict):
            d = item.get("days")
            if isinstance(d, int) and not isinstance(d, bool) and 0 <= d <= MAX_DAYS:
                days = d
            s = item.get("station_days")
            if isinstance(s, int) and not isinstance(s, bool) and 0 <= s <= MAX_DAYS:
                station_days = s
        out[kind] = Period(days=days, station_days=min(station_days, days))
    return out
