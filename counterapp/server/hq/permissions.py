"""Who at head office may do what: ONE function, ``permission_allowed``.

Every page, form and API call of head office asks it (through
``counterapp.server.hq.auth.require``); nothing else decides. Roles:

- ``finance``: the day's money, shifts, deposits (marks them received), voids
  and refunds, the GL file, stations' health; the queue figures; reads the
  catalogue.
- ``administrator``: the catalogue and every other reference data (drafts,
  review, publish), stations (add, revoke), head-office users, the audit log,
  the Open311 keys of the town's other systems.
  An administrator does not see or touch the money (separation of duties).
- ``manager``: reads: the queue figures, the finance views and the
  catalogue; books, moves and cancels appointments for residents who phone
  the town (issue 16); changes nothing else.
"""

from __future__ import annotations

from typing import Protocol

FINANCE = "finance"
ADMINISTRATOR = "administrator"
MANAGER = "manager"
ROLES: tuple[str, ...] = (FINANCE, ADMINISTRATOR, MANAGER)

# action → the roles allowed it
ACTIONS: dict[str, frozenset[str]] = {
    "account.self": frozenset(ROLES),  # own language, own API tokens, sign out
    "finance.read": frozenset({FINANCE, MANAGER}),
    "finance.export": frozenset({FINANCE, MANAGER}),
    "finance.deposit": frozenset({FINANCE}),
    "queue.read": frozenset({MANAGER, FINANCE}),
    "reference.read": frozenset(ROLES),
    "reference.edit": frozenset({ADMINISTRATOR}),
    "reference.publish": frozenset({ADMINISTRATOR}),
    "stations.read": frozenset(ROLES),
    "stations.manage": frozenset({ADMINISTRATOR}),
    "users.manage": frozenset({ADMINISTRATOR}),
    "audit.read": frozenset({ADMINISTRATOR}),
    "open311.manage": frozenset({ADMINISTRATOR}),  # the CRM's keys (issue 16)
    "appointments.book": frozenset({MANAGER}),  # residents who phone the town (issue 16)
    "programs.read": frozenset({FINANCE, MANAGER}),  # oversold programs settled (issue 16)
}


class HasRole(Protocol):
    @property
    def role(self) -> str: ...

    @property
    def active(self) -> bool: ...


def permission_allowed(user: HasRole | None, action: str) -> bool:
    """True when ``user`` (a head-office user, or None for nobody) may do
    ``action``. An unknown action is refused: a typo never opens a door."""
    if user is None or not user.active:
        return False
    allowed = ACTIONS.get(action)
    return allowed is not None and user.role in allowed
