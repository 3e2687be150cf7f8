"""Settings files read strictly (``station.json``): a value of the wrong JSON type
is refused with the setting's name, never guessed at. ``bool("false")`` is True,
so a switch is JSON ``true`` or ``false`` and nothing else. Pure: no I/O."""

from __future__ import annotations

import json
from dataclasses import fields
from typing import Any


class SettingError(ValueError):
    """A setting that cannot be used; ``str()`` names it and says why."""


def parse_settings(text: str, where: str) -> dict[str, Any]:
    try:
        raw = json.loads(text)
    except ValueError as exc:
        raise SettingError(f"{where} is not valid JSON: {exc}") from None
    if not isinstance(raw, dict):
        raise SettingError(f"{where} must hold a JSON object {{…}}")
    return raw


def setting_bool(raw: dict[str, Any], key: str, default: bool, where: str = "") -> bool:
    value = raw.get(key, default)
    if not isinstance(value, bool):
        raise SettingError(
            f"the setting {key}{where} must be true or false (JSON, without quotes), "
            f"not {json.dumps(value)}"
        )
    return value


def setting_text(raw: dict[str, Any], key: str, default: str, where: str = "") -> str:
    value = raw.get(key, default)
    if value is None:
        return default
    if not isinstance(value, str):
        raise SettingError(f"the setting {key}{where} must be text, not {json.dumps(value)}")
    return value


def check_switches(cls: type, raw: dict[str, Any], where: str = "") -> None:
    """Every switch (a ``bool`` field of the dataclass ``cls``) in ``raw`` is a JSON boolean."""
    for f in fields(cls):
        if f.type in ("bool", bool) and f.name in raw:
            setting_bool(raw, f.name, False, where)
