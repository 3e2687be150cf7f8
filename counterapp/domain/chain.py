"""Tamper-evident records (issue 15): each station chains what it writes.

Every outbox record carries the hash of the station's previous record
(``prev_hash``) and its own (``hash``): SHA-256 of its canonical JSON (keys
sorted, no spaces, UTF-8) holding the record's id, kind, payload and
``prev_hash``. Change one byte of a record and its hash no longer matches;
drop, replay or reorder one and the next record's ``prev_hash`` no longer
points at what came before. Head office checks both on arrival
(``counterapp.server.chain``). A receipt's *check code* is the first eight
hex digits of its sale record's hash, printed with the receipt number.

The station's audit trail is a chain of its own (``audit_entry.prev_hash``,
``hash``), checked by ``counterapp audit verify``; the newest hash of each
chain is kept in ``chain_head`` so that deleting the newest row shows too. The
rows written before the chain began (none on a station made with it) are pinned
by one hash over them (``legacy_audit_digest``, kept as ``audit_legacy``), so
the only rows without a hash are those, unchanged.

A record holding personal data carries a random salt and is hashed over its
redacted form (``counterapp.domain.retention``): redacting it when its
retention period ends leaves its hash, the chain and the check code intact.

Shared by the station and the server: this module imports neither.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable
from typing import Any

import orjson

from counterapp.domain.retention import Path, hashed_form

HASH_LENGTH = 64
CHECK_CODE_LENGTH = 8
OUTBOX_CHAIN = "outbox"
AUDIT_CHAIN = "audit"
# The audit rows written before the chain began (station migration 1504): their
# count and ``legacy_audit_digest``, so that none can be added, removed or edited.
AUDIT_LEGACY = "audit_legacy"


# Made once: ``json.dumps`` with these options builds an encoder at every call.
# ``check_circular`` off: the same bytes, without a table of every container
# seen (a JSON column's value holds no cycle).
_ENCODE = json.JSONEncoder(
    sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False,
    check_circular=False,
).encode  # fmt: skip

# orjson writes the same bytes several times faster (bench/chain.py): keys sorted
# by code point, no spaces, UTF-8, the same escapes and integers. Where it could
# differ, ``_ENCODE`` (the definition) writes the value instead:
# - a value orjson refuses (an integer past 64 bits, a key that is not text, a
#   lone surrogate) or is told to pass through (a date, a dataclass: ``json``
#   refuses them, and so does ``canonical``);
# - a float: orjson writes 0.00001 where Python writes 1e-05. Every float it
#   writes ends in a fraction or in an exponent with its sign, which
#   ``_may_hold_float`` finds; a text may hold either too, and then the same bytes
#   only come a little slower. No record holds a float today: amounts are cents.
# Not a float that is not a number: orjson writes null where ``json`` refuses it;
# no record holds one (the wire refuses them: ``sync.wire``).
# tests/test_record_chain.py holds both to the same bytes over generated values.
_FAST = orjson.OPT_SORT_KEYS | orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS
# Each pattern starts with a literal, which the search skips to: fast. A record
# id's hex (…3e-7000…) is no exponent: the number has to end there.
_FRACTION, _EXPONENT_DOWN, _EXPONENT_UP = (
    re.compile(start + rb"[0-9]+(?:[,}\]]|\Z)").search for start in (rb"\.", rb"e-", rb"e\+")
)


def _may_hold_float(out: bytes) -> bool:
    return bool(_FRACTION(out) or _EXPONENT_DOWN(out) or _EXPONENT_UP(out))


def canonical(value: Any) -> bytes:
    """The one byte string a JSON value hashes as, wherever it is computed."""
    try:
        out = orjson.dumps(value, option=_FAST)
    except TypeError:  # orjson.JSONEncodeError
        return canonical_json(value)
    if _may_hold_float(out):
        return canonical_json(value)
    return out


def canonical_json(value: Any) -> bytes:
    """``canonical``'s definition, by the standard library."""
    return _ENCODE(value).encode("utf-8")


def record_hash(
    record_id: str,
    kind: str,
    payload: dict[str, Any],
    prev_hash: str | None,
    *,
    paths: list[Path] | None = None,
) -> str:
    """The hash of one outbox record, linked to the one before it (``paths``: its
    personal values' paths when the caller has them already)."""
    # A record with personal data is hashed over its redacted form (``domain.retention``),
    # so redacting it later keeps its hash.
    hashed = hashed_form(kind, payload, paths)
    body = {"id": record_id, "kind": kind, "payload": hashed, "prev_hash": prev_hash}
    return hashlib.sha256(canonical(body)).hexdigest()


def audit_hash(row: dict[str, Any], prev_hash: str | None) -> str:
    """The hash of one audit row (its columns as JSON values), linked to the one before."""
    return hashlib.sha256(canonical({"row": row, "prev_hash": prev_hash})).hexdigest()


def legacy_audit_digest(rows: Iterable[dict[str, Any]]) -> str:
    """One hash over a set of audit rows (each as ``audit_hash`` takes it), whatever
    order they come in: the rows written before the chain began."""
    digest = hashlib.sha256()
    for row in sorted(rows, key=lambda r: str(r["id"])):
        # A canonical form holds no raw newline: one row per line, unambiguous.
        digest.update(canonical(row) + b"\n")
    return digest.hexdigest()


def check_code(hash_hex: str) -> str:
    """The short code printed on a receipt: ``ABCD-1234``."""
    code = hash_hex[:CHECK_CODE_LENGTH].upper()
    return f"{code[:4]}-{code[4:]}"


def normal_check_code(code: str) -> str:
    return "".join(ch for ch in code.upper() if ch in "0123456789ABCDEF")
