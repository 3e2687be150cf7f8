"""Every English string head office's pages can show, found in the templates
and the code, so a test can check each has its French (``catalogue_fr``)."""

from __future__ import annotations

import re
from pathlib import Path

HERE = Path(__file__).resolve().parent
_TEMPLATE = re.compile(r"""(?<![\w.])_\(\s*(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)')""")
_CODE = re.compile(
    r"""(?:Msg\(|UserError\(\s*"[a-z_]+",\s*|PeriodError\(\s*"?[a-z_]+"?,\s*|SignInRefused\(|"""
    r"""PublishRefused\(|DraftRefused\(\{[^}]*?:\s*|errors\[[^\]]+\]\s*=\s*|error=|"""
    r"""\(\s*"/hq[^"]*",\s*)\s*((?:"(?:[^"\\]|\\.)*"\s*)+)""",
    re.S,
)
# Words the pages pass through ``_`` from data: roles, states, tender kinds.
WORDS = (
    "finance", "administrator", "manager", "open", "counted", "closed", "registered",
    "awaiting registration", "revoked", "sale", "void", "refund", "cash", "cheque", "debit",
    "credit", "etransfer", "money_order", "Cheques", "e-Transfer", "Money orders", "Revenue",
    "HST payable", "Cash rounding",
    "Deposit: cash", "Deposit: cheque", "Deposit: debit", "Deposit: credit",
    "Deposit: etransfer", "Deposit: money_order", "Paid-outs", "Cash over/short",
    "booked", "checked_in", "cancelled", "no_show",
)  # fmt: skip


def template_strings() -> set[str]:
    out: set[str] = set()
    for path in (HERE / "templates").glob("*.html"):
        for a, b in _TEMPLATE.findall(path.read_text(encoding="utf-8")):
            out.add((a or b).replace('\\"', '"').replace("\\'", "'"))
    return out


def code_strings() -> set[str]:
    from counterapp.server.hq.editor import _PYDANTIC, EDITABLE, FIELD_LABELS
    from counterapp.server.hq.web import NAV

    out = {label for _p, label, _a in NAV} | {label for _e, label in EDITABLE}
    out |= set(FIELD_LABELS.values()) | set(_PYDANTIC.values()) | set(WORDS)
    for path in [*HERE.glob("*.py"), *(HERE / "views").glob("*.py")]:
        text = path.read_text(encoding="utf-8")
        for a, b in _TEMPLATE.findall(text):
            out.add(a or b)
        for literal in _CODE.findall(text):
            parts = re.findall(r'"((?:[^"\\]|\\.)*)"', literal)
            joined = "".join(parts).replace('\\"', '"')
            if re.search("[A-Za-z]", joined) and not joined.startswith("/"):
                out.add(joined)
    return out


def all_strings() -> set[str]:
    return template_strings() | code_strings()
