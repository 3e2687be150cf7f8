"""Head office's users: passwords, sessions, API tokens, CSRF, the audit.

- Passwords are argon2 hashes (the station's hasher, ``services.auth``). Five
  wrong passwords from one client address lock that user name **for that
  address** for 15 minutes (``SignInThrottle``): someone elsewhere cannot lock
  the finance clerk out. Every refused sign-in is one ``security:`` log line
  (user name, client address, reason; never the password) and an audit entry.
- A browser signs in and gets a session cookie (``hq_session``: HttpOnly,
  SameSite=Strict, Secure when the request came over TLS). Only the cookie
  value's SHA-256 is stored. A session idle for ``COUNTERAPP_HQ_IDLE_MINUTES``
  (default 15) ends; none lives longer than 12 hours.
- Every state-changing form carries the session's CSRF token (a hidden
  ``csrf_token`` field, or an ``X-CSRF-Token`` header); the sign-in form uses
  a double-submit cookie.
- Scripts use per-user API tokens (``Authorization: Bearer hq_…``), shown once.
- ``require(action)`` is the one dependency every head-office route uses: it
  authenticates, then asks ``permissions.permission_allowed``.
- ``audit`` writes who did what, when, in the caller's transaction.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import os
import secrets
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from fastapi import Request
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from counterapp.ids import uuid7
from counterapp.server.hq.i18n import Msg
from counterapp.server.hq.models import HqAudit, HqSession, HqToken, HqUser
from counterapp.server.hq.permissions import ROLES, permission_allowed
from counterapp.server.limits import printable
from counterapp.services.auth import hash_password, verify_password

log = logging.getLogger(__name__)

SESSION_COOKIE = "hq_session"
LOGIN_CSRF_COOKIE = "hq_login_csrf"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "X-CSRF-Token"
IDLE_ENV = "COUNTERAPP_HQ_IDLE_MINUTES"
DEFAULT_IDLE = timedelta(minutes=15)
MAX_SESSION = timedelta(hours=12)
MAX_FAILED = 5
LOCKED_FOR = timedelta(minutes=15)
TOKEN_PREFIX = "hq_"
MIN_PASSWORD = 12

SessionFactory = Callable[[], Session]


def idle_timeout() -> timedelta:
    raw = os.environ.get(IDLE_ENV, "").strip()
    try:
        minutes = float(raw) if raw else None
    except ValueError:
        minutes = None
    return timedelta(minutes=minutes) if minutes and minutes > 0 else DEFAULT_IDLE


def _sha(value: str) -> str:
    return hashlib.sha256(value.encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class Principal:
    """Who is asking: a head-office user, signed in by session or by token."""

    id: str
    username: str
    display_name: str
    role: str
    active: bool
    language: str
    via: str  # "session" | "token"
    csrf: str = ""  # the session's CSRF token ("" for a token)
    session_id: str = ""


class NotSignedIn(Exception):
    """No valid session or token; ``reason`` says why (for the sign-in page)."""

    def __init__(self, reason: str = "") -> None:
        super().__init__(reason)
        self.reason = reason


class Forbidden(Exception):
    """Signed in, but the role may not do this."""

    def __init__(self, action: str) -> None:
        super().__init__(action)
        self.action = action


class BadCsrf(Exception):
    """A form without the session's CSRF token."""


class UserError(ValueError):
    """A user could not be added or changed; ``field`` names the input."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


# --- the audit ---------------------------------------------------------------------


def audit(
    session: Session,
    who: Principal | HqUser | None,
    action: str,
    entity: str = "",
    key: str = "",
    detail: dict[str, Any] | None = None,
    *,
    username: str = "",
    now: datetime | None = None,
) -> None:
    session.add(
        HqAudit(
            id=uuid7(),
            at=now or datetime.now(UTC),
            user_id=who.id if who is not None else None,
            username=who.username if who is not None else (username or "(command line)"),
            action=action,
            entity=entity,
            key=key[:120],
            detail=detail or {},
        )
    )


# --- users -------------------------------------------------------------------------


def check_password_rules(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise UserError(
            "password", Msg("A password needs at least {n} characters.", n=MIN_PASSWORD)
        )
    if len(password) > 200:
        raise UserError("password", "A password has at most 200 characters.")


def add_user(
    writers: SessionFactory,
    username: str,
    role: str,
    password: str,
    *,
    display_name: str = "",
    language: str = "",
    by: Principal | None = None,
    now: datetime | None = None,
) -> str:
    """Add a head-office user; returns their id. ``by`` None: the command line."""
    username = username.strip()
    if not 1 <= len(username) <= 64 or any(c.isspace() for c in username):
        raise UserError("username", "A user name has 1 to 64 characters and no spaces.")
    if role not in ROLES:
        raise UserError("role", Msg("The role must be one of: {roles}.", roles=", ".join(ROLES)))
    if language not in ("", "en", "fr"):
        raise UserError("language", "The language is English (en) or French (fr).")
    check_password_rules(password)
    now = now or datetime.now(UTC)
    with writers() as session, session.begin():
        if session.scalar(select(HqUser.id).where(HqUser.username == username)):
            raise UserError("username", Msg("There is already a user named {name}.", name=username))
        user = HqUser(
            id=uuid7(),
            username=username,
            display_name=display_name.strip()[:80],
            role=role,
            password_hash=hash_password(password),
            language=language,
            active=True,
            failed_logins=0,
            created_at=now,
        )
        session.add(user)
        audit(session, by, "user.add", "hq_user", user.username, {"role": role}, now=now)
        return user.id


def set_user(
    writers: SessionFactory,
    username: str,
    *,
    role: str | None = None,
    active: bool | None = None,
    password: str | None = None,
    by: Principal | None = None,
) -> None:
    """Change a user's role, switch them off or on, or set a new password.
    Switching a user off or changing their password ends their sessions."""
    if role is not None and role not in ROLES:
        raise UserError("role", Msg("The role must be one of: {roles}.", roles=", ".join(ROLES)))
    if password is not None:
        check_password_rules(password)
    with writers() as session, session.begin():
        user = session.scalars(select(HqUser).where(HqUser.username == username)).first()
        if user is None:
            raise UserError("username", Msg("There is no user named {name}.", name=username))
        if by is not None and user.id == by.id and (active is False or role not in (None, by.role)):
            raise UserError("role", "You cannot demote or switch off your own account.")
        changes: dict[str, Any] = {}
        if role is not None and role != user.role:
            changes["role"] = [user.role, role]
            user.role = role
        if active is not None and active != user.active:
            changes["active"] = [user.active, active]
            user.active = active
        if password is not None:
            user.password_hash = hash_password(password)
            user.failed_logins = 0
            user.locked_until = None
            THROTTLE.clear(username)  # a new password: the old wrong tries no longer count
            changes["password"] = "changed"
        if changes.get("active") or password is not None or "role" in changes:
            session.execute(delete(HqSession).where(HqSession.user_id == user.id))
        if changes:
            audit(session, by, "user.change", "hq_user", username, changes)


def list_users(readers: SessionFactory) -> list[HqUser]:
    with readers() as session:
        return list(session.scalars(select(HqUser).order_by(HqUser.username)))


def _principal(user: HqUser, via: str, csrf: str = "", session_id: str = "") -> Principal:
    return Principal(
        user.id,
        user.username,
        user.display_name,
        user.role,
        user.active,
        user.language,
        via,
        csrf,
        session_id,
    )


# --- signing in ---------------------------------------------------------------------


class SignInRefused(Exception):
    pass


class SignInThrottle:
    """Wrong passwords counted per (user name, client address): five lock that
    pair for ``LOCKED_FOR``; a good password from that address clears it. Held
    in memory (the server is one process); at most ``MAX_KEYS`` pairs, the
    stalest dropped first."""

    MAX_KEYS = 10_000

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._failed: dict[tuple[str, str], tuple[int, datetime | None]] = {}

    @staticmethod
    def _key(username: str, client: str) -> tuple[str, str]:
        return username.strip().casefold(), client

    def locked(self, username: str, client: str, now: datetime) -> bool:
        with self._lock:
            _count, until = self._failed.get(self._key(username, client), (0, None))
            return until is not None and until > now

    def failed(self, username: str, client: str, now: datetime) -> None:
        key = self._key(username, client)
        with self._lock:
            count, until = self._failed.pop(key, (0, None))
            if until is not None and until <= now:
                count, until = 0, None  # the lock ran out: counting starts again
            count += 1
            if count >= MAX_FAILED:
                count, until = 0, now + LOCKED_FOR
            self._failed[key] = (count, until)  # newest last
            while len(self._failed) > self.MAX_KEYS:
                self._failed.pop(next(iter(self._failed)))

    def clear(self, username: str, client: str | None = None) -> None:
        """Forget the wrong tries (from ``client``, or from everywhere)."""
        name = username.strip().casefold()
        with self._lock:
            for key in [k for k in self._failed if k[0] == name and client in (None, k[1])]:
                del self._failed[key]


THROTTLE = SignInThrottle()


def log_refused_sign_in(username: str, client: str, reason: str) -> None:
    log.warning(
        "security: head-office sign-in refused for user %r from %s: %s",
        printable(username, 64),
        printable(client or "an unknown address", 64),
        reason,
    )


def sign_in(
    writers: SessionFactory,
    username: str,
    password: str,
    *,
    client: str = "",
    throttle: SignInThrottle | None = None,
    now: datetime | None = None,
) -> tuple[str, Principal]:
    """(the session cookie's value, who) or SignInRefused with the one message
    that does not tell which of name and password was wrong. ``client`` is the
    caller's address: the lock after wrong passwords is for that address only."""
    now = now or datetime.now(UTC)
    throttle = throttle or THROTTLE
    refused: SignInRefused | None = None
    reason = ""
    # A refusal is committed (the audit), logged once, then raised.
    with writers() as session, session.begin():
        user = session.scalars(
            select(HqUser).where(HqUser.username == username.strip()).with_for_update()
        ).first()
        if throttle.locked(username, client, now):
            # Whether the name exists or not: the same answer, and no password checked.
            audit(session, user, "sign_in.locked", "hq_user", username[:64], username=username[:64])
            reason = "locked after too many wrong passwords from this address"
            refused = SignInRefused(
                "Too many wrong passwords: this account is locked for 15 minutes."
            )
        elif user is None:
            verify_password(_DUMMY_HASH, password)  # same time whether the name exists or not
            throttle.failed(username, client, now)
            audit(session, None, "sign_in.refused", "hq_user", username[:64], username="?")
            reason = "no such user"
            refused = SignInRefused("That user name and password do not match.")
        elif not verify_password(user.password_hash, password) or not user.active:
            throttle.failed(username, client, now)
            audit(session, user, "sign_in.refused", "hq_user", user.username)
            reason = "wrong password" if user.active else "account switched off"
            refused = SignInRefused("That user name and password do not match.")
        else:
            throttle.clear(username, client)
            user.failed_logins = 0
            user.locked_until = None
            value = secrets.token_urlsafe(32)
            csrf = secrets.token_urlsafe(32)
            row = HqSession(
                id=_sha(value), user_id=user.id, csrf_token=csrf, created_at=now, last_seen_at=now
            )
            session.add(row)
            audit(session, user, "sign_in", "hq_user", user.username, now=now)
            who = _principal(user, "session", csrf, row.id)
    if refused is not None:
        log_refused_sign_in(username, client, reason)
        raise refused
    return value, who


_DUMMY_HASH = hash_password("not a password anyone has")


def password_matches(readers: SessionFactory, who: Principal, password: str) -> bool:
    with readers() as session:
        user = session.get(HqUser, who.id)
        return user is not None and verify_password(user.password_hash, password)


def sign_out(writers: SessionFactory, who: Principal) -> None:
    with writers() as session, session.begin():
        if who.session_id:
            session.execute(delete(HqSession).where(HqSession.id == who.session_id))
        audit(session, who, "sign_out", "hq_user", who.username)


def _from_session(
    readers: SessionFactory, writers: SessionFactory, value: str, now: datetime
) -> Principal:
    sid = _sha(value)
    with readers() as session:
        row = session.execute(
            select(HqSession, HqUser)
            .join(HqUser, HqUser.id == HqSession.user_id)
            .where(HqSession.id == sid)
        ).first()
    if row is None:
        raise NotSignedIn("")
    s, user = row
    idle = idle_timeout()
    if now - s.last_seen_at > idle or now - s.created_at > MAX_SESSION or not user.active:
        with writers() as session, session.begin():
            session.execute(delete(HqSession).where(HqSession.id == sid))
        raise NotSignedIn("expired")
    if now - s.last_seen_at > timedelta(seconds=20):
        with writers() as session, session.begin():
            row2 = session.get(HqSession, sid)
            if row2 is not None:
                row2.last_seen_at = now
    return _principal(user, "session", s.csrf_token, sid)


def _from_token(
    readers: SessionFactory, writers: SessionFactory, value: str, now: datetime
) -> Principal:
    digest = _sha(value)
    with readers() as session:
        row = session.execute(
            select(HqToken, HqUser)
            .join(HqUser, HqUser.id == HqToken.user_id)
            .where(HqToken.token_hash == digest)
        ).first()
    if row is None or row[0].revoked_at is not None or not row[1].active:
        raise NotSignedIn("token")
    token, user = row
    if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=1):
        with writers() as session, session.begin():
            t = session.get(HqToken, token.id)
            if t is not None:
                t.last_used_at = now
    return _principal(user, "token")


def authenticate(request: Request) -> Principal:
    """The user behind this request (session cookie or API token), or NotSignedIn."""
    readers, writers = request.app.state.sessions
    now = datetime.now(UTC)
    header = request.headers.get("Authorization", "")
    if header[:7].lower() == "bearer " and header[7:].strip().startswith(TOKEN_PREFIX):
        return _from_token(readers, writers, header[7:].strip(), now)
    value = request.cookies.get(SESSION_COOKIE)
    if value:
        return _from_session(readers, writers, value, now)
    raise NotSignedIn("")


async def check_csrf(request: Request, who: Principal) -> None:
    if who.via != "session":
        return  # a token is not sent by a browser on its own
    sent = request.headers.get(CSRF_HEADER, "")
    if not sent:
        form = await request.form()
        value = form.get(CSRF_FIELD, "")
        sent = value if isinstance(value, str) else ""
    if not sent or not hmac.compare_digest(sent.encode(), who.csrf.encode()):
        raise BadCsrf()


def require(action: str) -> Callable[..., Any]:
    """The dependency every head-office route declares: signed in, allowed
    ``action`` by ``permission_allowed``, and (for a change) the CSRF token."""

    async def dependency(request: Request) -> Principal:
        who = authenticate(request)
        request.state.hq_user = who
        if not permission_allowed(who, action):
            raise Forbidden(action)
        if request.method not in ("GET", "HEAD", "OPTIONS"):
            await check_csrf(request, who)
        return who

    dependency.hq_action = action  # type: ignore[attr-defined]  # read by the route test
    return dependency


# --- API tokens -----------------------------------------------------------------------


def new_token(writers: SessionFactory, who: Principal, name: str) -> str:
    name = name.strip()
    if not 1 <= len(name) <= 80:
        raise UserError("name", "Give the token a name of 1 to 80 characters.")
    value = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with writers() as session, session.begin():
        session.add(
            HqToken(
                id=uuid7(),
                user_id=who.id,
                name=name,
                token_hash=_sha(value),
                created_at=datetime.now(UTC),
            )
        )
        audit(session, who, "token.add", "hq_token", name)
    return value


def revoke_token(writers: SessionFactory, who: Principal, token_id: str) -> None:
    with writers() as session, session.begin():
        token = session.get(HqToken, token_id)
        if token is None or token.user_id != who.id:
            raise UserError("token", "There is no such token of yours.")
        token.revoked_at = datetime.now(UTC)
        audit(session, who, "token.revoke", "hq_token", token.name)


def tokens_of(readers: SessionFactory, who: Principal) -> list[HqToken]:
    with readers() as session:
        return list(
            session.scalars(
                select(HqToken).where(HqToken.user_id == who.id).order_by(HqToken.created_at)
            )
        )


def set_language(writers: SessionFactory, who: Principal, language: str) -> None:
    if language not in ("", "en", "fr"):
        raise UserError("language", "The language is English (en) or French (fr).")
    with writers() as session, session.begin():
        user = session.get(HqUser, who.id)
        if user is not None:
            user.language = language
