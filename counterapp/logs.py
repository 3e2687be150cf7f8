"""The station's and server's log files (issue 12): rotating, and without
personal data.

``setup_logging`` writes ``counterapp.log`` in the platform's log folder (see
``counterapp.config.default_log_dir``), rotated at ``MAX_BYTES`` with
``BACKUPS`` old files kept, and the same lines to standard error.

The code logs identifiers (receipt numbers, station codes, record ids), never
what a visitor told the counter. ``PersonalDataFilter`` is the net under that
rule, on every handler: SQL statements with their parameters are never
written, structured values (``"deponent": "…"``, ``name='…'``) have their
value masked, and e-mail addresses, telephone numbers and long digit runs
(card, account, ID numbers) are masked wherever they appear, in messages and
tracebacks alike.
"""

from __future__ import annotations

import logging
import re
import sys
from logging.handlers import RotatingFileHandler
from pathlib import Path
from typing import Any

from counterapp.domain.retention import PERSONAL_WORDS, TOP_LEVEL

LOG_NAME = "counterapp.log"
MAX_BYTES = 2_000_000
BACKUPS = 5
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
MASK = "[redacted]"

# Field names whose values are personal: a form's fields, an account holder,
# an applicant, a contact. A key (``"participant_birth_date": …``, ``ownerName=…``)
# is personal when one of its words (split at "_" and at camelCase) is a personal
# word of ``domain.retention`` or one of these, ends in "name" (surname) or starts
# with one of ``_PREFIXES`` (birthdate); or when it is one of a record's personal
# fields (``domain.retention.TOP_LEVEL``), or starts with "id_".
_WORDS = PERSONAL_WORDS | {
    "applicant", "owner", "holder", "payee", "street", "telephone", "spouse",
    "note", "notes", "comment", "comments", "description", "mail", "participant",
}  # fmt: skip
_PREFIXES = (
    "address", "phone", "birth", "contact", "owner", "comment", "applicant", "email",
    "telephone", "guardian", "deponent", "spouse",
)  # fmt: skip
_FIELDS = frozenset(key for keys in TOP_LEVEL.values() for key in keys)
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
# A key followed by = or : (quoted or not); its value is matched separately.
_KEY = re.compile(r"""(?<!\w)(?P<q>["']?)(?P<key>[A-Za-z_][A-Za-z0-9_]*)(?P=q)\s*[:=]\s*""")
_VALUE = re.compile(r"""["](?:[^"\\]|\\.)*["]|'(?:[^'\\]|\\.)*'|[^,;)}\]\s][^,;)}\]]*""")


def personal_key(key: str) -> bool:
    """Whether a field called ``key`` holds a person's data (as the log sees it)."""
    k = _CAMEL.sub("_", key).lower()
    if k in _FIELDS or k.startswith("id_"):
        return True
    return any(
        w in _WORDS or w.endswith("name") or w.startswith(_PREFIXES) for w in k.split("_") if w
    )


def _mask_keyed(text: str) -> str:
    out: list[str] = []
    done = at = 0
    while (m := _KEY.search(text, at)) is not None:
        at = m.end()
        if not personal_key(m.group("key")):
            continue  # its value may hold a personal key: searched on from here
        value = _VALUE.match(text, at)
        if value is None:
            continue
        quote = value.group()[0] if value.group()[:1] in "\"'" else ""
        out.append(text[done:at] + f"{quote}{MASK}{quote}")
        done = at = value.end()
    out.append(text[done:])
    return "".join(out)


# PostgreSQL's constraint details: Key (deponent_name)=(Marguerite …).
_KEY_DETAIL = re.compile(r"\((?P<cols>[^()]*)\)=\((?P<vals>[^()]*)\)")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE = re.compile(r"(?<!\w)(?:\+?1[ .-]?)?\(?\d{3}\)?[ .-]\d{3}[ .-]\d{4}(?!\w)")
# 9+ digits in a row, a card number in groups of four, a SIN in groups of three;
# not inside an id or a receipt number (WHB-01-000042) and not a date or time.
_LONG_DIGITS = re.compile(
    r"(?<![\w-])(?:\d{9,}|\d{4}(?:[ -]\d{4}){2}[ -]\d{1,7}|\d{3}[ -]\d{3}[ -]\d{3})(?![\w:-])"
)

# Loggers that write a statement's bound values (SQLAlchemy echo at -v): never
# let them through, whatever the level.
_SQL_LOGGERS = ("sqlalchemy.engine",)


def redact(text: str) -> str:
    """``text`` with personal values masked."""

    text = _KEY_DETAIL.sub(lambda m: f"({m.group('cols')})=({MASK})", text)
    text = _mask_keyed(text)
    text = _EMAIL.sub(MASK, text)
    text = _PHONE.sub(MASK, text)
    return _LONG_DIGITS.sub(MASK, text)


class PersonalDataFilter(logging.Filter):
    """Masks personal data in every record that reaches a handler."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.name.startswith(_SQL_LOGGERS):
            return False
        try:
            message = record.getMessage()
        except Exception:  # a bad format string: keep the template only
            message = str(record.msg)
        record.msg = redact(message)
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        record.exc_info = None  # the redacted exc_text is what the formatter prints
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True


class _StandardError(logging.StreamHandler):
    """Writes to whatever ``sys.stderr`` is at the time (it may be replaced)."""

    def __init__(self) -> None:
        super().__init__(sys.stderr)

    @property
    def stream(self) -> Any:
        return sys.stderr

    @stream.setter
    def stream(self, _value: Any) -> None:
        pass


def setup_logging(
    log_dir: Path | None, *, verbose: bool = False, file_name: str = LOG_NAME
) -> Path | None:
    """Log to ``log_dir/file_name`` (rotating) and to standard error.

    Returns the log file's path, or None when the folder cannot be written
    (the lines still go to standard error, with a warning saying why)."""
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "_counterapp", False):
            root.removeHandler(handler)
            handler.close()
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    formatter = logging.Formatter(FORMAT)
    personal = PersonalDataFilter()

    console = _StandardError()
    console.setFormatter(formatter)
    console.addFilter(personal)
    console._counterapp = True  # type: ignore[attr-defined]
    root.addHandler(console)

    path: Path | None = None
    problem = ""
    if log_dir is not None:
        try:
            Path(log_dir).mkdir(parents=True, exist_ok=True)
            path = Path(log_dir) / file_name
            file_handler = RotatingFileHandler(
                path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8"
            )
        except OSError as exc:
            path, problem = None, str(exc)
        else:
            file_handler.setFormatter(formatter)
            file_handler.addFilter(personal)
            file_handler._counterapp = True  # type: ignore[attr-defined]
            root.addHandler(file_handler)
    for noisy in ("alembic", "httpx", "httpcore", "sqlalchemy"):
        logging.getLogger(noisy).setLevel(logging.INFO if verbose else logging.WARNING)
    logging.getLogger("sqlalchemy").setLevel(logging.WARNING)  # statements carry values
    if problem:
        logging.getLogger(__name__).warning("no log file (%s); logging to the terminal", problem)
    return path
