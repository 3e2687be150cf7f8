"""The now-serving sign in the lobby: "A-014 -> Counter 3", with a chime.

A sign is a role of the station's one device backend (``devices.station_devices``):
a call is a stored job of kind ``now_serving`` in the device job queue, sent
on the sign's own lane like every other device's bytes. What differs between
signs is only how a call is written, so a driver here is a frame maker, like
python-escpos's printers share one command set over thin transports:
``TextLineSign`` (one line of ASCII per call, the protocol of most LED
message signs and of a terminal) and ``EscposLineDisplay`` (an ESC/POS 2x20
line display). A town with another sign adds a driver: a class taking the
sign's ``DeviceSettings``, registered with ``register_driver`` or, from its own
package, under the entry-point group ``counterapp.now_serving``.

A call is announced in the called ticket's language (issue 13), "en" or "fr":
the visitor whose number is up reads "NOUS SERVONS / A-012 -> Guichet 3" in
the language they asked for at the greeter. The number is what everyone else
in the lobby watches for, and it reads the same in both. A counter named
"Counter 3" (or Desk, Wicket, Window) is "Guichet 3" on a French call, and
"Guichet 3" is "Counter 3" on an English one; any other name is shown as set.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from importlib.metadata import entry_points
from typing import Any, Protocol

from counterapp.domain.devices import DeviceSettings
from counterapp.i18n import language_or_default
from devices.errors import DeviceError
from printing.words import say

ENTRY_POINT_GROUP = "counterapp.now_serving"
DEFAULT_TEMPLATE = DeviceSettings("sign").template  # "{ticket} -> {counter}"
BEL = b"\x07"


# A counter's name the sign may say in the call's language: a word and a number.
_COUNTER_NAME = re.compile(
    r"(?P<word>counter|desk|wicket|window|guichet|comptoir)\s*(?P<number>[0-9A-Za-z]{1,4})",
    re.IGNORECASE,
)
_ENGLISH_WORDS = {"counter", "desk", "wicket", "window"}


def counter_in(counter: str, language: str) -> str:
    """``counter`` as the sign says it in ``language``: "Counter 3" → "Guichet 3" in
    French, "Guichet 3" → "Counter 3" in English; a name in the call's own language,
    or any other name ("ST01", "Taxes"), as it is."""
    found = _COUNTER_NAME.fullmatch(counter.strip())
    if found is None:
        return counter
    english = found["word"].lower() in _ENGLISH_WORDS
    if english == (language == "en"):
        return counter  # already in the call's language: the site's own word kept
    return say("sign.counter", language, number=found["number"])


@dataclass(frozen=True, slots=True)
class NowServing:
    """One call for the sign: ticket "A-014" to "Counter 3", in the ticket's language."""

    ticket: str
    counter: str
    recall: bool = False
    language: str = "en"  # the visitor's (issue 13): "en" or "fr"

    @property
    def counter_words(self) -> str:
        return counter_in(self.counter, self.language)

    @property
    def heading(self) -> str:
        """ "NOW SERVING" / "NOUS SERVONS", or "RECALL" / "RAPPEL"."""
        return say("sign.recall" if self.recall else "sign.now_serving", self.language)

    def line(self, arrow: str = "->") -> str:
        return f"{self.ticket} {arrow} {self.counter_words}"

    def fitted_line(self, width: int) -> str:
        """``line()`` in ``width`` columns of ASCII: the arrow shortened, then left out,
        before anything is cut, so "R-104 Guichet 12" keeps its number on 16 columns."""
        for text in (self.line(), self.line(">"), f"{self.ticket} {self.counter_words}"):
            folded = ascii_fold(text)
            if len(folded) <= width:
                return folded
        return folded[:width]

    def to_json(self) -> dict[str, Any]:
        return {
            "ticket": self.ticket,
            "counter": self.counter,
            "recall": self.recall,
            "language": self.language,
        }

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> NowServing:
        """A stored call; one stored before calls kept a language is English, as it was."""
        return cls(
            str(raw["ticket"]),
            str(raw["counter"]),
            bool(raw.get("recall", False)),
            language_or_default(raw.get("language")),
        )


class SignDriver(Protocol):
    def frame(self, call: NowServing) -> bytes:
        """The bytes that show ``call`` (and chime, when set up to)."""

    def blank(self) -> bytes:
        """The bytes that clear the sign."""


def ascii_fold(text: str) -> str:
    """Signs take 7-bit ASCII: accents dropped, anything else "?", control characters out."""
    decomposed = unicodedata.normalize("NFKD", text.replace("→", "->"))
    out = []
    for ch in decomposed:
        if unicodedata.combining(ch):
            continue
        out.append(ch if 32 <= ord(ch) < 127 else "?")
    return "".join(out)


class TextLineSign:
    """One line of ASCII per call, ended by CR LF; a BEL first for the chime.

    The device's ``template`` may use ``{ticket}`` and ``{counter}``: "A-014 -> Counter 3"
    (``{counter}`` in the call's language: "A-014 -> Guichet 3" on a French call).
    """

    def __init__(self, device: DeviceSettings) -> None:
        self.device = device

    def frame(self, call: NowServing) -> bytes:
        d = self.device
        width = max(d.columns, 1)
        text = ascii_fold(d.template.format(ticket=call.ticket, counter=call.counter_words))
        if len(text) > width and d.template == DEFAULT_TEMPLATE:
            text = call.fitted_line(width)
        return (BEL if d.chime else b"") + text[:width].encode("ascii") + b"\r\n"

    def blank(self) -> bytes:
        return b"\r\n"


class EscposLineDisplay:
    """An ESC/POS line display, two lines of ``columns`` characters:

    ``ESC @`` (initialise), ``FF`` (clear), "NOW SERVING" centred on line 1,
    "A-014 -> Counter 3" centred on line 2 (in the call's language: "NOUS SERVONS",
    "A-014 -> Guichet 3"; folded to ASCII like every sign's text) (``ESC l`` / ``CR LF`` positioning
    the common DM-D command set understands). The chime, when the display has
    a buzzer, is ``ESC ( A`` (Epson); otherwise leave ``chime`` off.
    """

    INIT = b"\x1b@"
    CLEAR = b"\x0c"
    HOME = b"\x0b"
    BUZZ = b"\x1b(A\x04\x00\x30\x02\x01\x01"  # ESC ( A pL pH fn=48, 2 beeps, 1 cycle

    def __init__(self, device: DeviceSettings) -> None:
        self.device = device

    def frame(self, call: NowServing) -> bytes:
        width = max(self.device.columns, 1)
        top = ascii_fold(call.heading).center(width)[:width]
        bottom = call.fitted_line(width).center(width)[:width]
        data = self.INIT + self.CLEAR + self.HOME + top.encode("ascii") + b"\r\n"
        data += bottom.encode("ascii")
        return data + (self.BUZZ if self.device.chime else b"")

    def blank(self) -> bytes:
        return self.INIT + self.CLEAR


DriverFactory = Callable[[DeviceSettings], SignDriver]
_DRIVERS: dict[str, DriverFactory] = {"text": TextLineSign, "escpos": EscposLineDisplay}


def register_driver(name: str, factory: DriverFactory) -> None:
    """Add a driver under ``name`` (a sign's ``sign_driver`` setting)."""
    _DRIVERS[name] = factory


def registered_drivers() -> list[str]:
    """Built-in and registered driver names (no entry points: nothing read from disk)."""
    return sorted(_DRIVERS)


def drivers() -> dict[str, DriverFactory]:
    """Built-in and registered drivers, and those other packages declare as entry points."""
    found = dict(_DRIVERS)
    for ep in entry_points(group=ENTRY_POINT_GROUP):
        found.setdefault(ep.name, ep.load())
    return found


def driver_for(device: DeviceSettings) -> SignDriver:
    """The driver ``device`` names; a ``DeviceError`` naming the known ones when unknown."""
    factory = drivers().get(device.sign_driver)
    if factory is None:
        raise DeviceError(
            "{device}: no sign driver called '{driver}' (known: {known})",
            driver=device.sign_driver,
            known=", ".join(sorted(drivers())),
            device=device.name,
            port=device.address,
        )
    return factory(device)
