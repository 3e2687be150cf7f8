"""Who may do what at head office, enforced in the server for every page and
API call: every route is enumerated and each role's access checked against
the policy written out here (not read from the code that enforces it).
Also: sessions (cookie flags, idle time-out, CSRF), API tokens, lock-out,
the first administrator from the command line, and no shared token."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from sqlalchemy import select, update

from counterapp.cli import main as cli_main
from counterapp.server.app import create_app
from counterapp.server.hq.models import HqAudit, HqSession, HqUser
from counterapp.server.hq.permissions import permission_allowed
from tests.hq_support import PASSWORD, ROLE_USERS, add_role_users, bearer, token_for
from tests.hq_support import sign_in_answer as _sign_in

F, A, M = "finance", "administrator", "manager"
# The policy, as a finance clerk, an administrator and a manager expect it.
POLICY: dict[str, set[str]] = {
    "account.self": {F, A, M},
    "finance.read": {F, M},
    "finance.export": {F, M},
    "finance.deposit": {F},
    "queue.read": {F, M},
    "reference.read": {F, A, M},
    "reference.edit": {A},
    "reference.publish": {A},
    "stations.read": {F, A, M},
    "stations.manage": {A},
    "users.manage": {A},
    "audit.read": {A},
    "open311.manage": {A},
    "appointments.book": {M},
    "programs.read": {F, M},
}
# Routes that are not head office's: the stations' own (their credential),
# the site queue's (issue 15 authenticates it as registered stations), Open311's
# (the town's systems, with their Open311 keys: tests/test_open311.py), and
# the few a person reaches before signing in.
NOT_HEAD_OFFICE = {
    ("GET", "/api/v1/health"),
    ("POST", "/api/v1/register"),
    ("GET", "/api/v1/changes"),
    ("POST", "/api/v1/batches"),
    ("GET", "/hq/login"),
    ("POST", "/hq/login"),
    ("GET", "/head-office"),
}


def _routes(routes: list[Any]) -> Iterator[APIRoute]:
    for r in routes:
        if isinstance(r, APIRoute):
            yield r
        elif hasattr(r, "original_router"):
            yield from _routes(r.original_router.routes)


def _action(route: APIRoute) -> str | None:
    stack = list(route.dependant.dependencies)
    while stack:
        dep = stack.pop()
        action = getattr(dep.call, "hq_action", None)
        if action:
            return str(action)
        stack.extend(dep.dependencies)
    return None


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FastAPI]:
    app = create_app(f"sqlite:///{tmp_path_factory.mktemp('hq') / 'server.sqlite3'}")
    add_role_users(app)
    yield app
    app.state.engine.dispose()


def _csrf(client: TestClient) -> str:
    m = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/hq/account").text)
    assert m
    return m.group(1)


def test_every_route_is_classified_and_each_role_gets_exactly_its_policy(app: FastAPI) -> None:
    tokens = {role: token_for(app, name, f"route test {role}") for role, name in ROLE_USERS.items()}
    client = TestClient(app)
    checked = 0
    for route in _routes(app.routes):
        for method in sorted(route.methods - {"HEAD"}):
            if route.path.startswith(("/api/v1/queue", "/open311/")) or (
                (method, route.path) in NOT_HEAD_OFFICE
            ):
                continue
            action = _action(route)
            assert action is not None, f"{method} {route.path} asks no permission"
            assert action in POLICY, f"{method} {route.path}: unknown action {action}"
            path = re.sub(r"\{[^}]+\}", "x", route.path)
            nobody = client.request(method, path, follow_redirects=False)
            assert nobody.status_code in (401, 303), (method, path, nobody.status_code)
            if nobody.status_code == 303:
                assert nobody.headers["location"].startswith("/hq/login")
            for role, token in tokens.items():
                answer = client.request(method, path, headers=bearer(token), follow_redirects=False)
                if role in POLICY[action]:
                    assert answer.status_code not in (401, 403), (role, method, path)
                    assert answer.status_code < 500, (role, method, path, answer.text[:300])
                else:
                    assert answer.status_code == 403, (role, method, path, answer.status_code)
            checked += 1
    assert checked >= 30


def test_permission_allowed_refuses_unknown_actions_and_switched_off_users() -> None:
    class U:
        def __init__(self, role: str, active: bool = True) -> None:
            self.role, self.active = role, active

    assert permission_allowed(U(F), "finance.deposit")
    assert not permission_allowed(U(F), "finance.depositt")
    assert not permission_allowed(U(F, active=False), "finance.read")
    assert not permission_allowed(None, "account.self")
    assert not permission_allowed(U("supervisor"), "finance.read")


def test_every_form_needs_the_sessions_csrf_token(app: FastAPI) -> None:
    client = TestClient(app)
    assert _sign_in(client, "ada").status_code == 303
    csrf = _csrf(client)
    refused = client.post("/hq/admin/stations", data={"code": "WHB-09", "site": "WHB"})
    assert refused.status_code == 403 and "security token" in refused.text
    wrong = client.post(
        "/hq/admin/stations", data={"code": "WHB-09", "site": "WHB", "csrf_token": "x" * 43}
    )
    assert wrong.status_code == 403
    added = client.post(
        "/hq/admin/stations", data={"code": "WHB-09", "site": "WHB", "csrf_token": csrf}
    )
    assert added.status_code == 200 and "WHB-09" in added.text
    # Every POST route refuses a session without the token (tokens need none: a
    # browser never sends them on its own).
    for route in _routes(app.routes):
        if "POST" in route.methods and route.path.startswith("/hq/") and route.path != "/hq/login":
            path = re.sub(r"\{[^}]+\}", "x", route.path)
            assert client.post(path, data={}).status_code == 403, path


def test_the_session_cookie_is_httponly_strict_and_secure_over_tls(app: FastAPI) -> None:
    plain = _sign_in(TestClient(app), "fran")
    cookie = plain.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie and "secure" not in cookie
    tls = _sign_in(TestClient(app, base_url="https://hq.example"), "fran")
    assert "; secure" in tls.headers["set-cookie"].lower()


def test_an_idle_session_ends(app: FastAPI) -> None:
    client = TestClient(app)
    _sign_in(client, "mia")
    assert client.get("/hq/queue").status_code == 200
    with app.state.sessions[1]() as s, s.begin():
        s.execute(update(HqSession).values(last_seen_at=datetime.now(UTC) - timedelta(minutes=16)))
    gone = client.get("/hq/queue", follow_redirects=False)
    assert gone.status_code == 303 and "why=expired" in gone.headers["location"]
    page = client.get(gone.headers["location"])
    assert "signed out after 15 minutes without use" in page.text
    assert client.get("/api/v1/summary").status_code == 401


def test_wrong_passwords_lock_the_account_and_are_audited(app: FastAPI) -> None:
    from counterapp.server.hq.auth import add_user

    add_user(app.state.sessions[1], "lou", F, PASSWORD)
    client = TestClient(app)
    for _ in range(5):
        assert _sign_in(client, "lou", "not the password").status_code == 401
    locked = _sign_in(client, "lou")
    assert locked.status_code == 401 and "locked for 15 minutes" in locked.text
    with app.state.sessions[0]() as s:
        refused = s.scalars(select(HqAudit.action).where(HqAudit.username == "lou")).all()
    assert refused.count("sign_in.refused") == 5 and "sign_in.locked" in refused


def test_tokens_are_per_user_and_revocable(app: FastAPI) -> None:
    client = TestClient(app)
    _sign_in(client, "fran")
    csrf = _csrf(client)
    made = client.post("/hq/account/tokens", data={"name": "nightly GL", "csrf_token": csrf})
    token = re.search(r'id="new-token">(hq_[^<]+)<', made.text)
    assert token
    api = TestClient(app)
    assert api.get("/api/v1/summary", headers=bearer(token.group(1))).status_code == 200
    assert api.get("/hq/admin/users", headers=bearer(token.group(1))).status_code == 403
    token_id = re.search(
        r"<td>nightly GL</td>.*?/hq/account/tokens/([^/]+)/revoke", made.text, re.S
    )
    assert token_id
    client.post(f"/hq/account/tokens/{token_id.group(1)}/revoke", data={"csrf_token": csrf})
    assert api.get("/api/v1/summary", headers=bearer(token.group(1))).status_code == 401


def test_the_shared_head_office_token_is_gone(
    app: FastAPI, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COUNTERAPP_HQ_TOKEN", "s3cret-view-token")
    client = TestClient(app)
    for header in ({"Authorization": "Bearer s3cret-view-token"}, {}):
        assert client.get("/api/v1/stations", headers=header).status_code == 401
        assert client.get("/api/v1/sales/by-day", headers=header).status_code == 401


def test_the_first_administrator_is_made_on_the_command_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import io

    db = tmp_path / "server.sqlite3"
    monkeypatch.setattr("sys.stdin", io.StringIO("short\n"))
    assert (
        cli_main(
            [
                "server",
                "--database-url",
                f"sqlite:///{db}",
                "user",
                "add",
                "root",
                "--role",
                "administrator",
                "--password-stdin",
            ]
        )
        == 1
    )
    assert "at least 12 characters" in capsys.readouterr().err
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    assert (
        cli_main(
            [
                "server",
                "--database-url",
                f"sqlite:///{db}",
                "user",
                "add",
                "root",
                "--role",
                "administrator",
                "--password-stdin",
            ]
        )
        == 0
    )
    app = create_app(f"sqlite:///{db}")
    try:
        client = TestClient(app)
        assert _sign_in(client, "root").status_code == 303
        assert client.get("/hq/admin/users").status_code == 200
        with app.state.sessions[0]() as s:
            user = s.scalars(select(HqUser)).one()
            entry = s.scalars(select(HqAudit).where(HqAudit.action == "user.add")).one()
        assert user.password_hash.startswith("$argon2") and PASSWORD not in user.password_hash
        assert entry.username == "(command line)"
    finally:
        app.state.engine.dispose()
