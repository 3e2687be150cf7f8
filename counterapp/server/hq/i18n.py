"""Head office's pages in English and French: a message catalogue per
language, keyed by the English text (gettext's convention). Every string a
page shows goes through ``_`` (``translator(lang)``); a test checks that every
string the templates and views pass to it has its French.

The language is the user's own choice (My account), else the one picked on
the sign-in page, else the browser's Accept-Language, else English.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

LANGUAGES = ("en", "fr")

FR: dict[str, str] = {}  # filled from catalogue_fr below


def choose_language(accept_language: str) -> str:
    """The best of English and French for an Accept-Language header."""
    best, best_q = "en", -1.0
    for part in accept_language.split(","):
        tag, _, params = part.strip().partition(";")
        lang = tag.strip().lower()[:2]
        q = 1.0
        if params.strip().startswith("q="):
            try:
                q = float(params.strip()[2:])
            except ValueError:
                q = 0.0
        if lang in LANGUAGES and q > best_q:
            best, best_q = lang, q
    return best


class Msg(str):
    """A message with values: its ``str`` is the English sentence; a page
    translates ``template`` and fills in ``params``."""

    template: str
    params: dict[str, Any]

    def __new__(cls, template: str, **params: Any) -> Msg:
        obj = super().__new__(cls, template.format(**params) if params else template)
        obj.template = template
        obj.params = params
        return obj


def translator(lang: str) -> Callable[..., str]:
    catalogue = FR if lang == "fr" else {}

    def _(text: str, **values: Any) -> str:
        if isinstance(text, Msg):
            values = {**text.params, **values}
            text = text.template
        out = catalogue.get(text, text)
        return out.format(**values) if values else out

    return _


def _load() -> None:
    from counterapp.server.hq.catalogue_fr import MESSAGES

    FR.update(MESSAGES)


_load()
