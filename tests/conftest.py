"""Shared fixtures: a real station database on a file, offscreen Qt."""

from __future__ import annotations

import os
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# The whole suite runs in a zone that is not UTC (issue 10: one clock), before
# anything reads the time: a time shown in UTC, or a day cut at UTC midnight,
# fails here rather than at a counter in Whitby.
os.environ["TZ"] = os.environ.get("COUNTERAPP_TEST_TZ", "America/Toronto")
time.tzset()

from collections.abc import Callable, Iterator  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402
from hypothesis import settings  # noqa: E402
from sqlalchemy.orm import Session  # noqa: E402

from counterapp.db.engine import open_database  # noqa: E402
from counterapp.db.uow import UnitOfWork  # noqa: E402
from counterapp.demo.accounts import load_demo_stock  # noqa: E402
from counterapp.services.reference import load_demo  # noqa: E402
from tests.counter_support import Counter, Template, counter_from, make_template  # noqa: E402

# Tests never assert on time (bench/ measures it): a busy 2-core CI machine must
# not turn a slow example into a failure, so no per-example deadline.
settings.register_profile("counterapp", deadline=None)
settings.load_profile("counterapp")


@pytest.fixture(scope="session")
def qapp(qapp):  # pytest-qt's application, with the window's language as the app sets it
    """The application as ``ui.app`` starts it: a language applied (English, whose
    catalogue holds its plural forms: "1 associate serving", not "(s)")."""
    from ui.language import set_language

    set_language("en")
    return qapp


@pytest.fixture
def station_db(tmp_path: Path) -> Callable[[], Session]:
    """A migrated station database file with the demo catalogue, staff and stock blocks."""
    engine, session_factory = open_database(tmp_path / "station.sqlite3")
    load_demo(UnitOfWork(session_factory))
    load_demo_stock(UnitOfWork(session_factory))  # licence forms and dog tags (issue 3)
    yield session_factory
    engine.dispose()


@pytest.fixture(scope="module")
def counter_template(tmp_path_factory: pytest.TempPathFactory) -> Template:
    """One demo counter file per test module (argon2 makes the demo staff slow to load)."""
    return make_template(tmp_path_factory.mktemp("template"))


@pytest.fixture
def counter(counter_template: Template, tmp_path: Path) -> Iterator[Counter]:
    """A copy of the module's demo counter (``tests.counter_support.Counter``)."""
    with counter_from(counter_template, tmp_path) as c:
        yield c


AFFIDAVIT_CHECKLIST = (
    "Document type is one the Town commissions",
    "Deponent is present in person",
    "Government photo ID seen",
    "Document is not yet signed",
)
