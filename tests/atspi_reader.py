"""Reads the accessibility tree as a screen reader does: through AT-SPI
(libatspi, the library Orca uses), with Debian's python3-gi and
gir1.2-atspi-2.0. Run with the system's python3 (the venv has no gi):

    python3 tests/atspi_reader.py dump APP          one JSON line: every showing node of APP
    python3 tests/atspi_reader.py type APP NAME TEXT  set the text of the field named NAME
    python3 tests/atspi_reader.py press APP NAME      do the default action of the node named NAME

DBUS_SESSION_BUS_ADDRESS must be the session bus where at-spi-bus-launcher runs.
Used by tests/test_ui_atspi.py.
"""

from __future__ import annotations

import json
import sys

import gi

gi.require_version("Atspi", "2.0")
from gi.repository import Atspi  # noqa: E402


def _app(name: str):
    desktop = Atspi.get_desktop(0)
    for i in range(desktop.get_child_count()):
        app = desktop.get_child_at_index(i)
        if app is not None and (app.get_name() or "") == name:
            return app
    return None


def _walk(node, depth=0, out=None, limit=4000):
    out = [] if out is None else out
    if node is None or len(out) >= limit:
        return out
    try:
        states = node.get_state_set()
        showing = states.contains(Atspi.StateType.SHOWING)
        if depth > 0 and not showing:
            return out  # hidden: a screen reader does not read it
        out.append(
            {
                "depth": depth,
                "role": node.get_role_name(),
                "name": node.get_name() or "",
                "description": node.get_description() or "",
                "focused": states.contains(Atspi.StateType.FOCUSED),
                "focusable": states.contains(Atspi.StateType.FOCUSABLE),
            }
        )
        for i in range(node.get_child_count()):
            _walk(node.get_child_at_index(i), depth + 1, out, limit)
    except Exception as exc:  # a node that went away while read
        out.append({"depth": depth, "role": "?", "name": "", "error": str(exc)})
    return out


def _find(node, name: str, roles: tuple[str, ...]):
    if node is None:
        return None
    try:
        if (
            (node.get_name() or "") == name
            and node.get_role_name() in roles
            and node.get_state_set().contains(Atspi.StateType.SHOWING)
        ):
            return node
        for i in range(node.get_child_count()):
            found = _find(node.get_child_at_index(i), name, roles)
            if found is not None:
                return found
    except Exception:
        return None
    return None


def main(argv: list[str]) -> int:
    command, app_name = argv[1], argv[2]
    app = _app(app_name)
    if app is None:
        print(json.dumps({"error": f"no application {app_name!r} on the AT-SPI bus"}))
        return 3
    if command == "dump":
        print(json.dumps(_walk(app)))
        return 0
    roles = ("text", "password text") if command == "type" else ("push button",)
    node = _find(app, argv[3], roles)
    if node is None:
        print(json.dumps({"error": f"no showing node named {argv[3]!r}"}))
        return 4
    if command == "type":
        ok = Atspi.EditableText.set_text_contents(node, argv[4])
    elif command == "press":
        ok = Atspi.Action.do_action(node, 0)
    else:
        raise SystemExit(f"unknown command {command}")
    print(json.dumps({"ok": bool(ok)}))
    return 0 if ok else 5


if __name__ == "__main__":
    sys.exit(main(sys.argv))
