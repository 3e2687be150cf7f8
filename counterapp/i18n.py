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

from datetime import date, datetime

LANGUAGES = ("en", "fr")
NBSP = "\u00a0"
#: The site setting naming the visitors' usual language ("en" or "fr"): receipts,
#: tickets and the sign use it unless the greeter or the associate chose for the visit.
VISITOR_LANGUAGE_SETTING = "visitor_language"
#: The receipt's closing line (stored with the receipt, so a reprint says the same).
THANKS = {"en": "Thank you for visiting.", "fr": "Merci de votre visite."}


class MessageError(Exception):
    """An error for people whose text is a message id and named values, never a
    sentence assembled in English: ``template`` is the English sentence with
    ``{names}`` (the catalogue's source text), ``values`` fill it. ``str()`` is
    the English sentence; the window translates ``template`` and fills it, a
    value named ``*_cents`` as money in the window's language."""

    def __init__(self, template: str, **values: object) -> None:
        self.template = template
        self.values = values
        super().__init__(self.text("en"))

    def text(self, language: str, template: str | None = None) -> str:
        """``template`` (default: the English one) filled, money in ``language``'s form."""
        shown = {
            name: money(value, language)
            if name.endswith("_cents") and type(value) is int
            else value
            for name, value in self.values.items()
        }
        return (template or self.template).format(**shown)


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
