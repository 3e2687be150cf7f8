"""Debian's Chromium driven by Playwright, for head office's pages.

Never ``playwright install``: the browser is the archive's ``chromium``
(``./dev test`` installs it). Missing, a browser test skips on a developer's
machine and FAILS under CI (env ``CI``), where a skipped browser suite would
hide that it never ran."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = os.environ.get("COUNTERAPP_CHROMIUM", "/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def require_chromium() -> None:
    if Path(CHROMIUM).exists():
        return
    message = f"Chromium is not at {CHROMIUM} (apt-get install chromium; ./dev test does it)"
    if os.environ.get("CI"):
        pytest.fail(f"{message}. CI must run the browser tests.", pytrace=False)
    pytest.skip(message)


@contextmanager
def browser() -> Iterator[Any]:
    require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        try:
            yield b
        finally:
            b.close()


def sign_in(page: Any, base_url: str, username: str, password: str) -> None:
    """From the keyboard: the name field has focus (autofocus), Tab to the password, Enter."""
    page.goto(f"{base_url}/hq/login")
    name = page.get_by_label("User name").or_(page.get_by_label("Nom d'utilisateur"))
    name.wait_for()
    if page.evaluate("document.activeElement.id") != "username":
        name.focus()  # a busy machine may run the page's autofocus after the first keys
    page.keyboard.type(username)
    page.keyboard.press("Tab")
    page.keyboard.type(password)
    with page.expect_navigation():
        page.keyboard.press("Enter")


def submit(page: Any, button: Any) -> None:
    """Press a form's button and wait for the page that answers."""
    with page.expect_navigation():
        button.click()
