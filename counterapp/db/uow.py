"""Unit of work: a session that rolls back unless ``commit()`` is called."""

from __future__ import annotations

from collections.abc import Callable
from types import TracebackType

from sqlalchemy.orm import Session

from counterapp.db.engine import WRITER


class UnitOfWork:
    """``readonly=True`` for look-ups: they never wait for a writer. Otherwise
    the transaction takes SQLite's write lock when it begins."""

    def __init__(self, session_factory: Callable[[], Session], *, readonly: bool = False) -> None:
        self._session_factory = session_factory
        self._session: Session | None = None
        self._readonly = readonly

    @property
    def session(self) -> Session:
        if self._session is None:
            raise RuntimeError("UnitOfWork used outside 'with'")
        return self._session

    def __enter__(self) -> UnitOfWork:
        self._session = self._session_factory()
        if not self._readonly:
            self._session.connection(execution_options=WRITER)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        assert self._session is not None
        self._session.rollback()
        self._session.close()
        self._session = None

    def commit(self) -> None:
        self.session.commit()


UowFactory = Callable[[], UnitOfWork]
