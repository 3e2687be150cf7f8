"""Money, dates and times in a language's form, for screen and paper (issue 13).

Qt-free, so receipts, tickets and the pole display use the same rules as the
window. Canadian forms: English ``$1,234.56`` and ``2026-12-01 14:05``; French
(Office québécois de la langue française, as Ontario's French-language
services write it) ``1 234,56 $`` and ``2026-12-01 14 h 05``. Amounts come in
as integer cents, never float. ``space`` is what separates thousands and the
dollar sign in French: a no-break space on screen (never split across two
lines), a plain space on a printer whose code page may not have one.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

LANGUAGES = ("en", "fr")
NBSP = "\u00a0"
#: The site setting naming the visitors' usual language ("en" or "fr"): receipts,
#: tickets and the sign use it unless the greeter or the associate chose for the visit.
VISITOR_LANGUAGE_SETTING = "visitor_language"
#: The receipt's closing line (stored with the receipt, so a reprint says the same).
THANKS = {"en": "Thank you for visiting.", "fr": "Merci de votre visite."}


class Message:
    """Text for people as a message id and named values, never a sentence
    assembled in English: ``template`` is the English sentence with ``{names}``
    (the catalogue's source text, context "ServiceError"), ``values`` fill it.
    ``str()`` is the English sentence; the window translates ``template`` and
    fills it, a value named ``*_cents`` as money in the window's language, a
    value that is itself a Message as its own translated text.

    A count that needs a plural is a value named ``count`` and ``%n`` in the
    template, Qt's plural form (``"Recall {label} %n time(s)."``): the window
    translates with ``n=count`` (French picks its form); English reads ``(s)``
    as Qt's English convention does."""

    def __init__(self, template: str, **values: object) -> None:
        self.template = template
        self.values = values

    def __str__(self) -> str:
        return self.text("en")

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.template!r})"

    def __eq__(self, other: object) -> bool:  # the same words: a service list unchanged
        if type(other) is not type(self):
            return NotImplemented
        assert isinstance(other, Message)
        return (self.template, self.values) == (other.template, other.values)

    def __hash__(self) -> int:
        return hash((type(self), self.template, tuple(sorted(self.values))))

    @property
    def count(self) -> int:
        """The ``n`` of a plural template (-1: none)."""
        count = self.values.get("count")
        return count if type(count) is int else -1

    def text(
        self,
        language: str,
        template: str | None = None,
        *,
        translate: Callable[[str, int], str] | None = None,
    ) -> str:
        """``template`` (default: ``translate(self.template, n)``, else the English
        one) filled, money in ``language``'s form."""
        if template is None:
            template = translate(self.template, self.count) if translate else self.template
        shown: dict[str, object] = {}
        for name, value in self.values.items():
            if name.endswith("_cents") and type(value) is int:
                shown[name] = money(value, language)
            elif isinstance(value, Message):
                shown[name] = value.text(language, translate=translate)
            else:
                shown[name] = value
        if self.count >= 0:
            template = _plural(template, self.count)
        return template.format(**shown)


class Word(Message):
    """A word the core hands on as data ("$20 notes", "associate"): the window
    translates it from ui/core_labels.py (tests/test_translations.py keeps that
    list complete), a word no catalogue has shows as it is."""

    def __init__(self, word: str) -> None:
        super().__init__(word.replace("{", "{{").replace("}", "}}"))


class Bilingual(Message):
    """Head office's own words as a value inside a message (a form field's label in
    a price, a service's name): shown in the reader's language, the French when
    head office gave one, else the English; no catalogue translates them."""

    def __init__(self, english: str, french: str = "") -> None:
        super().__init__(english.replace("{", "{{").replace("}", "}}"))
        self.english, self.french = english, french

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        assert isinstance(other, Bilingual)
        return (self.english, self.french) == (other.english, other.french)

    def __hash__(self) -> int:
        return hash((type(self), self.english, self.french))

    def text(
        self,
        language: str,
        template: str | None = None,
        *,
        translate: Callable[[str, int], str] | None = None,
    ) -> str:
        return in_language(self.english, self.french, language)


class MessageError(Message, Exception):
    """An error for people whose text is a :class:`Message`; ``str()`` is the
    English sentence (logs and the command line)."""

    def __init__(self, template: str, **values: object) -> None:
        Message.__init__(self, template, **values)
        Exception.__init__(self, self.text("en"))

    __str__ = Exception.__str__
    __repr__ = Exception.__repr__
    __eq__ = Exception.__eq__  # an error is itself, as every exception
    __hash__ = Exception.__hash__


def _plural(template: str, n: int) -> str:
    """``%n`` is the count; ``(s)`` is an English plural (Qt's convention for a
    source text no catalogue translated)."""
    return template.replace("%n", str(n)).replace("(s)", "" if n == 1 else "s")


def message_id(template: str) -> str:
    """``template`` as it is: marks a message kept in a table for later (the
    catalogue's extraction, ui.language.core_messages, collects it)."""
    return template


def language_or_default(language: str | None, default: str = "en") -> str:
    return language if language in LANGUAGES else default


def in_language(english: str, french: str, language: str) -> str:
    """Head office's text in ``language``: the French when asked for and given,
    else the English (a French name head office has not filled in yet)."""
    return french if language == "fr" and french.strip() else english


def items_in_language(
    english: tuple[str, ...] | list[str], french: tuple[str, ...] | list[str], language: str
) -> tuple[str, ...]:
    """A list (checklist items, a field's choices) in ``language``, item by item:
    a French item missing or empty falls back to its English."""
    return tuple(
        in_language(en, french[i] if i < len(french) else "", language)
        for i, en in enumerate(english)
    )


def money(cents: int, language: str = "en", *, space: str = NBSP) -> str:
    """``money(123456, "fr") == "1 234,56 $"`` (no-break spaces); ``"$1,234.56"`` in English."""
    if not isinstance(cents, int) or isinstance(cents, bool):
        raise TypeError("money takes integer cents")
    sign = "-" if cents < 0 else ""
    whole, frac = divmod(abs(cents), 100)
    if language == "fr":
        grouped = f"{whole:,}".replace(",", space)
        return f"{sign}{grouped},{frac:02d}{space}$"
    return f"{sign}${whole:,}.{frac:02d}"


def time_text(at: datetime, language: str = "en", *, space: str = NBSP) -> str:
    """``14 h 05`` in French, ``14:05`` in English (the 24-hour clock, as on paper)."""
    if language == "fr":
        return f"{at.hour}{space}h{space}{at.minute:02d}"
    return f"{at.hour:02d}:{at.minute:02d}"


def date_text(day: date, language: str = "en") -> str:
    """ISO 8601 in both languages (``2026-12-01``): no day-month confusion at the counter."""
    return f"{day.year:04d}-{day.month:02d}-{day.day:02d}"


def datetime_text(at: datetime, language: str = "en", *, space: str = NBSP) -> str:
    """``2026-12-01 14 h 05`` in French, ``2026-12-01 14:05`` in English; ``at`` is
    already in the site's time (counterapp.domain.clock.to_site_time)."""
    return f"{date_text(at.date(), language)} {time_text(at, language, space=space)}"
