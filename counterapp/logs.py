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

LOG_NAME = "counterapp.log"
MAX_BYTES = 2_000_000
BACKUPS = 5
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
MASK = "[redacted]"

# Field names whose values are personal: a form's fields, an account holder,
# an applicant, a contact. Matched as a key followed by = or : and a value.
_PERSONAL_KEYS = (
    r"(?:[a-z_]*name|deponent|applicant[a-z_0-9]*|owner[a-z_]*|holder|payee|"
    r"address[a-z_0-9]*|street|email|e_mail|phone[a-z_]*|telephone|birth[a-z_]*|dob|"
    r"id_[a-z_]*|licence_holder|spouse|contact[a-z_]*|note|notes|comment[a-z_]*|description)"
)
_KEYED = re.compile(
    r"""(?P<key>["']?\b""" + _PERSONAL_KEYS + r"""\b["']?\s*[:=]\s*)"""
    r"""(?P<value>"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|[^,;)}\]\s][^,;)}\]]*)""",
    re.IGNORECASE,
)
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

    def keyed(m: re.Match[str]) -> str:
        value = m.group("value")
        quote = value[0] if value[:1] in "\"'" else ""
        return f"{m.group('key')}{quote}{MASK}{quote}"

    text = _KEY_DETAIL.sub(lambda m: f"({m.group('cols')})=({MASK})", text)
    text = _KEYED.sub(keyed, text)
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
