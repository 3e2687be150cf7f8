"""Head office's pages beyond money: the French catalogue is complete, the
reference editor round-trips what is published and refuses what the JSON
publish refuses (one validation), staff PIN resets travel as hashes only,
stations are added (one-time code shown once, and it registers) and revoked
from the browser, users are managed, and the managers' queue figures come as
a table, SVG charts and CSV."""

from __future__ import annotations

import csv
import io
import json
import re
import string
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select

from counterapp.queue.views import Actor
from counterapp.server.app import create_app
from counterapp.server.hq.editor import DraftRefused, form_fields, parse_form
from counterapp.server.hq.i18n import FR, Msg, choose_language, translator
from counterapp.server.hq.strings import all_strings
from counterapp.server.reference import (
    ReferenceItem,
    ReferenceRejected,
    items_from_file,
    publish,
    publish_file,
)
from counterapp.server.stations import ServerStation, register
from counterapp.services.reference import DEMO_CATALOGUE
from counterapp.sync.protocol import RegisterRequest
from tests.hq_support import DAY, MORNING, PASSWORD, add_role_users, queue_morning


def _fields(template: str) -> set[str]:
    return {f[1] for f in string.Formatter().parse(template) if f[1]}


def test_every_string_the_pages_show_has_its_french() -> None:
    missing = sorted(all_strings() - set(FR))
    assert missing == []
    assert [k for k, v in FR.items() if _fields(k) != _fields(v)] == []
    assert choose_language("fr-CA,fr;q=0.9,en;q=0.5") == "fr"
    assert choose_language("en-GB,fr;q=0.4") == "en"
    assert choose_language("de-DE") == "en"
    _ = translator("fr")
    assert (
        _(Msg("A password needs at least {n} characters.", n=12))
        == "Un mot de passe compte au moins 12 caractères."
    )


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FastAPI]:
    app = create_app(f"sqlite:///{tmp_path_factory.mktemp('hq') / 'server.sqlite3'}")
    add_role_users(app)
    data = json.loads(DEMO_CATALOGUE.read_text(encoding="utf-8"))
    publish(app.state.sessions[1], items_from_file(data, app.state.sessions[0]))
    yield app
    app.state.engine.dispose()


def _client(app: FastAPI, username: str) -> tuple[TestClient, str]:
    client = TestClient(app)
    page = client.get("/hq/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert token
    client.post(
        "/hq/login", data={"csrf_token": token.group(1), "username": username, "password": PASSWORD}
    )
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/hq/account").text)
    assert csrf
    return client, csrf.group(1)


def _published(app: FastAPI, entity: str) -> dict[str, dict[str, Any]]:
    with app.state.sessions[0]() as s:
        return {
            i.key: i.data
            for i in s.scalars(select(ReferenceItem).where(ReferenceItem.entity == entity))
            if i.data
        }


def test_the_editor_round_trips_every_kind_it_edits(app: FastAPI) -> None:
    for entity in ("service", "tax_rate", "site", "tender_limit", "setting"):
        for key, data in _published(app, entity).items():
            form = {f.name: f.value for f in form_fields(entity, data, new=False)}
            assert parse_form(entity, form, data) == data, (entity, key)


def test_the_form_and_the_json_publish_refuse_the_same_item(app: FastAPI) -> None:
    service = dict(_published(app, "service")["CER-TAX"])
    service["tier"] = 7  # the catalogue has tiers 1 to 3
    with pytest.raises(ReferenceRejected, match="tier"):
        publish_file(app.state.sessions[1], json.dumps({"services": [service]}))
    form = {f.name: f.value for f in form_fields("service", service, new=False)}
    with pytest.raises(DraftRefused) as refused:
        parse_form("service", form, service)
    assert set(refused.value.errors) == {"tier"}
    assert refused.value.errors["tier"] == "At most 3."


def test_a_new_service_with_mistakes_is_answered_field_by_field_and_nothing_saved(
    app: FastAPI,
) -> None:
    client, csrf = _client(app, "ada")
    answer = client.post(
        "/hq/admin/reference/service/new",
        data={
            "csrf_token": csrf,
            "code": "",
            "name": "Pool key deposit",
            "fee_cents": "ten",
            "tax_code": "EX",
            "tier": "2",
            "rules": "{not json",
        },  # fmt: skip
    )
    assert answer.status_code == 422
    for field in ("code", "fee_cents", "rules"):
        assert f'id="f-{field}" name="{field}"' in answer.text
        assert f'id="f-{field}-error"' in answer.text
    assert "This field is required." in answer.text and "not valid JSON" in answer.text
    assert 'value="Pool key deposit"' in answer.text  # what was typed is kept
    assert client.get("/hq/admin/drafts").text.count("Pool key deposit") == 0
    # In French, the same answer in French.
    fr = TestClient(app)
    fr.cookies.update(client.cookies)
    french = fr.post(
        "/hq/admin/reference/service/new",
        headers={"Accept-Language": "fr"},
        data={
            "csrf_token": csrf,
            "code": "",
            "name": "x",
            "fee_cents": "1",
            "tax_code": "EX",
            "tier": "2",
        },
    )
    assert "Ce champ est obligatoire." in french.text and 'lang="fr"' in french.text


def test_a_pin_reset_is_published_as_a_hash_and_the_review_never_shows_secrets(
    app: FastAPI,
) -> None:
    client, csrf = _client(app, "ada")
    sam = _published(app, "staff")["jordan"]  # an associate, not yet a commissioner
    assert not sam["is_commissioner"] and not sam.get("pin_hash")
    form = {f.name: f.value for f in form_fields("staff", sam, new=False)}
    answer = client.post(
        "/hq/admin/reference/staff/jordan",
        data={**form, "new_pin": "8642", "is_commissioner": "1", "csrf_token": csrf},
        follow_redirects=False,
    )
    assert answer.status_code == 303, answer.text[:2000]
    review = client.get(answer.headers["location"]).text
    assert "8642" not in review and "$argon2" not in review
    assert 'data-field="pin_hash"' in review and 'data-field="is_commissioner"' in review
    draft_id = answer.headers["location"].rsplit("/", 1)[1]
    client.post("/hq/admin/drafts/publish", data={"csrf_token": csrf, "draft": draft_id})
    after = _published(app, "staff")["jordan"]
    assert after["pin_hash"].startswith("$argon2")
    assert after["id"] == sam["id"] and after["password_hash"] == sam["password_hash"]
    assert after["is_commissioner"] is True


def test_a_station_is_added_with_a_one_time_code_shown_once_and_revoked(app: FastAPI) -> None:
    client, csrf = _client(app, "ada")
    bad = client.post("/hq/admin/stations", data={"csrf_token": csrf, "code": "WHB 04", "site": ""})
    assert (
        bad.status_code == 422 and 'id="code-error"' in bad.text and 'id="site-error"' in bad.text
    )
    added = client.post(
        "/hq/admin/stations",
        data={"csrf_token": csrf, "code": "WHB-04", "site": "WHB", "name": "Counter 4"},
    )
    code = re.search(r'data-code="([A-Z0-9-]+)"', added.text)
    assert code and added.headers["cache-control"] == "no-store"
    assert code.group(1) not in client.get("/hq/admin/stations").text  # shown once
    register(
        app.state.sessions[1],
        RegisterRequest(station_code="WHB-04", one_time_code=code.group(1), secret="s" * 48),
    )
    client.post("/hq/admin/stations/WHB-04/revoke", data={"csrf_token": csrf})
    with app.state.sessions[0]() as s:
        station = s.get(ServerStation, "WHB-04")
        # Revoked: its credential is refused with 403 from now on (issue 15 keeps the
        # hash so the refusal can say "revoked").
        assert station is not None and station.revoked_at is not None
    page = client.get("/hq/admin/audit").text
    assert "station.add" in page and "station.revoke" in page


def test_users_are_managed_by_an_administrator(app: FastAPI) -> None:
    client, csrf = _client(app, "ada")
    short = client.post(
        "/hq/admin/users",
        data={"csrf_token": csrf, "username": "nell", "role": "manager", "password": "short"},
    )
    assert short.status_code == 422 and "at least 12 characters" in short.text
    client.post(
        "/hq/admin/users",
        data={"csrf_token": csrf, "username": "nell", "role": "manager", "password": PASSWORD},
    )
    nell, _ = _client(app, "nell")
    assert nell.get("/hq/queue").status_code == 200
    client.post("/hq/admin/users/nell", data={"csrf_token": csrf, "role": "manager", "active": "0"})
    assert nell.get("/hq/queue", follow_redirects=False).status_code == 303  # signed out
    own = client.post(
        "/hq/admin/users/ada", data={"csrf_token": csrf, "role": "finance", "active": "1"}
    )
    assert own.status_code == 422 and "your own account" in own.text


def test_managers_see_the_queue_by_category_and_interval_as_table_chart_and_csv(
    app: FastAPI,
) -> None:
    actors = [
        Actor(
            staff_id=f"staff-{n}",
            username=n,
            role="associate",
            station_code="WHB-01",
            counter=f"Counter {i}",
        )
        for i, n in enumerate(("greeter", "alex", "jordan"))
    ]
    happened = queue_morning(app, "WHB", actors, MORNING)
    client, _ = _client(app, "mia")
    page = client.get("/hq/queue", params={"from": DAY, "to": DAY})
    assert page.status_code == 200
    text = page.text
    assert text.count("<svg") == 2 and 'role="img"' in text and "<title" in text
    assert re.search(
        rf"<th scope=\"row\">Arrivals</th><td class=\"n\">{happened['issued']}</td>", text
    )
    assert re.search(
        rf"<th scope=\"row\">Served</th><td class=\"n\">{happened['served']}</td>", text
    )
    assert "Tax and payments (T)" in text and "09:00" in text
    rows = list(
        csv.DictReader(
            io.StringIO(client.get("/hq/queue.csv", params={"from": DAY, "to": DAY}).text)
        )
    )
    total = [r for r in rows if r["category"] == "*"][0]
    assert (
        int(total["arrivals"]) == happened["issued"] and int(total["served"]) == happened["served"]
    )
    by_cat = {
        r["category"]: int(r["arrivals"])
        for r in rows
        if r["interval"] == "" and r["category"] != "*"
    }
    assert by_cat == {"C": 2, "L": 2, "T": 4}
    assert sum(int(r["arrivals"]) for r in rows if r["interval"]) == happened["issued"]
