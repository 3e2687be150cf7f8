"""A site's queue settings: categories and their letters, the calling rule,
the in-person standard, cross-training (skills per associate), and this
station's queue devices (ticket printer, now-serving sign).

Declared once with their defaults (``counterapp/demo/queue.json``); a site's
own ``queue.json`` in the station's data folder (or the server's
``COUNTERAPP_QUEUE_SETTINGS`` file) overrides any of them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import timedelta, tzinfo
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from counterapp.domain.clock import site_zone
from counterapp.domain.queue import SelectionRule

DEFAULTS_FILE = Path(__file__).resolve().parents[1] / "demo" / "queue.json"
FILE_NAME = "queue.json"


class QueueSettingsError(ValueError):
    """A settings file that cannot be used, with what is wrong in it."""


@dataclass(frozen=True, slots=True)
class Category:
    letter: str  # "C" → tickets C-001, C-002 …
    name: str  # "Commissioning"
    services: tuple[str, ...] = ()  # catalogue codes a ticket of this category starts with


@dataclass(frozen=True, slots=True)
class QueueSettings:
    categories: tuple[Category, ...]
    rule: SelectionRule = field(default_factory=SelectionRule)
    # "" = the site's zone (the site setting ``time_zone``, see counterapp.domain.clock)
    timezone: str = ""
    in_person_standard: timedelta = timedelta(minutes=10)
    recalls_before_no_show: int = 2
    default_service_minutes: float = 6.0
    skills: dict[str, tuple[str, ...]] = field(default_factory=dict)  # username → letters
    survey_url: str = ""  # "{ticket_id}" is replaced; "" = no QR code on the ticket
    ticket_printer: dict[str, Any] = field(default_factory=dict)
    now_serving: dict[str, Any] = field(default_factory=dict)
    counter_name: str = ""  # what the sign calls this station ("Counter 3"); "" = station code
    mode: str = "auto"  # "auto": the site server's queue when a server is set, else local

    @property
    def zone(self) -> tzinfo:
        return ZoneInfo(self.timezone) if self.timezone else site_zone()

    def category(self, letter: str) -> Category | None:
        letter = letter.strip().upper()
        return next((c for c in self.categories if c.letter == letter), None)

    def skills_of(self, username: str) -> tuple[str, ...]:
        """The categories this associate is cross-trained for (all, when not listed)."""
        return self.skills.get(username, tuple(c.letter for c in self.categories))

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> QueueSettings:
        try:
            cats = tuple(
                Category(
                    letter=str(c["letter"]).strip().upper(),
                    name=str(c["name"]),
                    services=tuple(c.get("services", ())),
                )
                for c in raw["categories"]
            )
            letters = [c.letter for c in cats]
            if not cats or len(set(letters)) != len(letters):
                raise QueueSettingsError("categories need distinct letters (and at least one)")
            for letter in letters:
                if not (1 <= len(letter) <= 4 and letter.isalnum()):
                    raise QueueSettingsError(f"category letter {letter!r}: 1–4 letters or digits")
            rule = SelectionRule(
                order=tuple(raw.get("calling_order", ("appointment", "priority", "wait"))),
                starvation_limit=timedelta(minutes=float(raw.get("starvation_limit_minutes", 30))),
                appointment_early=timedelta(
                    minutes=float(raw.get("appointment_early_minutes", 10))
                ),
            )
            if raw.get("timezone"):
                ZoneInfo(str(raw["timezone"]))
            return cls(
                categories=cats,
                rule=rule,
                timezone=str(raw.get("timezone") or ""),
                in_person_standard=timedelta(
                    minutes=float(raw.get("in_person_standard_minutes", 10))
                ),
                recalls_before_no_show=int(raw.get("recalls_before_no_show", 2)),
                default_service_minutes=float(raw.get("default_service_minutes", 6)),
                skills={u: tuple(x.upper() for x in v) for u, v in raw.get("skills", {}).items()},
                survey_url=str(raw.get("survey_url", "")),
                ticket_printer=dict(raw.get("ticket_printer", {})),
                now_serving=dict(raw.get("now_serving", {})),
                counter_name=str(raw.get("counter_name", "")),
                mode=_mode(str(raw.get("mode", "auto"))),
            )
        except QueueSettingsError:
            raise
        except (KeyError, TypeError, ValueError) as exc:
            raise QueueSettingsError(f"queue settings cannot be used: {exc}") from exc

    @classmethod
    def load(cls, path: Path | None = None) -> QueueSettings:
        """The defaults, overridden key by key by ``path`` when it exists."""
        raw: dict[str, Any] = json.loads(DEFAULTS_FILE.read_text(encoding="utf-8"))
        if path is not None and path.exists():
            raw.update(json.loads(path.read_text(encoding="utf-8")))
        return cls.from_dict(raw)

    def to_public(self) -> dict[str, Any]:
        """What a station needs to show the queue (no device settings)."""
        return {
            "categories": [
                {"letter": c.letter, "name": c.name, "services": list(c.services)}
                for c in self.categories
            ],
            "in_person_standard_minutes": self.in_person_standard.total_seconds() / 60,
            "recalls_before_no_show": self.recalls_before_no_show,
            "timezone": self.timezone,
        }


def _mode(value: str) -> str:
    if value not in ("auto", "local", "server"):
        raise QueueSettingsError(f"queue mode must be auto, local or server, not {value!r}")
    return value
