"""A site's queue settings: categories and their letters, the calling rule,
the in-person standard, cross-training (skills per associate). Queue rules
only: the ticket printer and the now-serving sign are devices like every
other, set up in the station's device settings (``station.json``); an older
file's device entries are moved there (``StationConfig.migrate_queue_devices``).

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
from counterapp.i18n import in_language

DEFAULTS_FILE = Path(__file__).resolve().parents[1] / "demo" / "queue.json"
FILE_NAME = "queue.json"


class QueueSettingsError(ValueError):
    """A settings file that cannot be used, with what is wrong in it."""


@dataclass(frozen=True, slots=True)
class Category:
    letter: str  # "C" → tickets C-001, C-002 …
    name: str  # "Commissioning"
    services: tuple[str, ...] = ()  # catalogue codes a ticket of this category starts with
    name_fr: str = ""  # "Assermentation" (issue 13); "": the English name is shown

    def name_in(self, language: str) -> str:
        """The category's name in ``language``, the English when it has no French."""
        return in_language(self.name, self.name_fr, language)


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
    counter_name: str = ""  # what the sign calls this station ("Counter 3"); "" = station code
    mode: str = "auto"  # "auto": the site server's queue when a server is set, else local
    # Appointments (issue 16): slots of this length, this many per category and slot,
    # between these local times on the days the counter is open.
    appointment_slot_minutes: int = 30
    appointment_capacity: int = 2
    appointment_hours: tuple[str, str] = ("08:30", "16:30")

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
                    name_fr=str(c.get("name_fr", "")),
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
                counter_name=str(raw.get("counter_name", "")),
                mode=_mode(str(raw.get("mode", "auto"))),
                appointment_slot_minutes=_positive(raw.get("appointment_slot_minutes", 30)),
                appointment_capacity=_positive(raw.get("appointment_capacity", 2)),
                appointment_hours=_hours(raw.get("appointment_hours", ("08:30", "16:30"))),
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
        """What a station needs to show the queue."""
        return {
            "categories": [
                {"letter": c.letter, "name": c.name, "services": list(c.services)}
                for c in self.categories
            ],
            "in_person_standard_minutes": self.in_person_standard.total_seconds() / 60,
            "recalls_before_no_show": self.recalls_before_no_show,
            "timezone": self.timezone,
        }


def _positive(value: Any) -> int:
    number = int(value)
    if number < 1:
        raise QueueSettingsError(f"appointment slot length and capacity must be 1 or more: {value}")
    return number


def _hours(value: Any) -> tuple[str, str]:
    start, end = (str(v) for v in value)
    for text in (start, end):
        hh, mm = text.split(":")
        if not (0 <= int(hh) < 24 and 0 <= int(mm) < 60):
            raise QueueSettingsError(f"appointment hours: {text!r} is not a time of day")
    if start >= end:
        raise QueueSettingsError("appointment hours: the start comes before the end")
    return start, end


def _mode(value: str) -> str:
    if value not in ("auto", "local", "server"):
        raise QueueSettingsError(f"queue mode must be auto, local or server, not {value!r}")
    return value
