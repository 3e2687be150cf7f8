"""The knowledge base at the desk (issue 16): head office's articles, searched
offline as the associate (or the greeter) types, and the tier-1 inquiries
answered from them.

The search is SQLite FTS5 over ``kb_article`` (``db.search_index``): every
word typed must start a word of the article (accents and case ignored, so
"permis chien" finds "Permis pour chien" and "cote" finds "côté"), ranked by
bm25 with the title and tags weighing most. What is typed is data, never
query syntax. Without FTS5 the same rule reads the table.

An inquiry answered from an article is a record of its own (``inquiry``, sent
to head office through the outbox in the same commit): the article, its
department and language, who answered, when, and the ticket if one was being
served. Never who asked: a tier-1 answer needs no personal data.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import String, cast, or_, select, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from counterapp.db.models import Inquiry, KbArticle, OutboxEntry, Station
from counterapp.db.search_index import KB_FTS_TABLE, KB_TEXT_COLUMNS, KB_WEIGHTS
from counterapp.db.uow import UnitOfWork
from counterapp.domain.accounts import fold
from counterapp.ids import uuid7
from counterapp.services.auth import StaffIdentity
from counterapp.services.errors import ServiceError
from counterapp.sync.wire import InquiryPayload, record_payload

MAX_RESULTS = 30
MAX_WORDS = 8
LANGUAGES = ("en", "fr")
CHANNELS = ("desk", "greeter")


@dataclass(frozen=True, slots=True)
class ArticleHit:
    """One line of the result list."""

    id: str
    title: str
    language: str
    department: str
    summary: str


@dataclass(frozen=True, slots=True)
class Article:
    """An article as the associate reads it to the resident."""

    id: str
    title: str
    language: str
    department: str
    summary: str
    bring: str
    fees: str
    hours: str
    eligibility: str
    key_points: tuple[str, ...]
    body: str
    tags: str
    service_codes: tuple[str, ...]

    def hit(self) -> ArticleHit:
        return ArticleHit(self.id, self.title, self.language, self.department, self.summary)


@dataclass(frozen=True, slots=True)
class RecordInquiry:
    staff: StaffIdentity
    article_id: str
    ticket_id: str | None = None  # the visitor being served, if any
    channel: str = "desk"  # desk | greeter


@dataclass(frozen=True, slots=True)
class InquiryRecorded:
    id: str
    article_id: str
    article_title: str
    department: str
    ticket_id: str | None
    at: datetime


def _words(typed: str) -> list[str]:
    """The words to look for: folded, split at anything not a letter or digit
    ("l'eau" is "l" and "eau", as the index has it). A one-letter word is
    left out while others are there (the next key press makes it a prefix
    worth looking up); one letter alone looks up nothing."""
    cleaned = "".join(ch if ch.isalnum() else " " for ch in fold(typed))
    words = cleaned.split()[:MAX_WORDS]
    longer = [w for w in words if len(w) > 1]
    return longer


def _article(row: KbArticle) -> Article:
    return Article(
        id=row.id,
        title=row.title,
        language=row.language or "en",
        department=row.department or "",
        summary=row.summary or "",
        bring=row.bring or "",
        fees=row.fees or "",
        hours=row.hours or "",
        eligibility=row.eligibility or "",
        key_points=tuple(row.key_points or ()),
        body=row.body or "",
        tags=row.tags or "",
        service_codes=tuple(row.service_codes or ()),
    )


_WEIGHTS = ", ".join(str(w) for w in KB_WEIGHTS)
_IN_TEXT = "{" + " ".join(KB_TEXT_COLUMNS) + "}"
# The best ``n`` rowids first (bm25 over the index alone), then their rows: the
# join is made for ``n`` articles, never for every match of a short prefix.
_SEARCH = text(
    f"WITH m AS (SELECT rowid AS r, bm25({KB_FTS_TABLE}, {_WEIGHTS}) AS score "
    f"FROM {KB_FTS_TABLE} WHERE {KB_FTS_TABLE} MATCH :q ORDER BY score LIMIT :n) "
    "SELECT a.id, a.title, a.language, a.department, a.summary "
    "FROM m JOIN kb_article a ON a.rowid = m.r ORDER BY m.score, a.title"
)


def _full_text(
    session: Session, words: list[str], language: str | None, limit: int
) -> list[ArticleHit] | None:
    """Best first by bm25, or None when the index is not there."""
    # Each word a quoted FTS5 string with a prefix star, looked for in the text
    # columns only: what is typed is data, never query syntax.
    terms = [f'{_IN_TEXT} : "' + w.replace('"', '""') + '"*' for w in words]
    if language:
        terms.append(f'language : "{language}"')
    try:
        rows = session.execute(_SEARCH, {"q": " AND ".join(terms), "n": limit}).all()
    except OperationalError as exc:
        if "no such table" in str(exc):
            return None
        raise
    return [ArticleHit(r[0], r[1], r[2] or "en", r[3] or "", r[4] or "") for r in rows]


def _like_text(word: str) -> str:
    return word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _like(word: str) -> str:
    return f"%{_like_text(word)}%"


def search_articles(
    session: Session, typed: str, *, language: str | None = None, limit: int = MAX_RESULTS
) -> list[ArticleHit]:
    """Articles matching every word typed so far, best first.

    ``language`` ("en"/"fr") keeps that language only; None gives both."""
    if language is not None and language not in LANGUAGES:
        raise ServiceError("Unknown language: {language}.", language=language)
    words = _words(typed)
    if not words:
        return []
    hits = _full_text(session, words, language, limit)
    if hits is not None:
        return hits
    # No FTS5 in this SQLite: each word somewhere in the article (accents as stored).
    query = select(KbArticle)
    if language:
        query = query.where(KbArticle.language == language)
    for word in words:
        like = _like(word)
        query = query.where(
            or_(
                *(
                    getattr(KbArticle, c).ilike(like, escape="\\")
                    for c in ("title", "tags", "summary", "body", "department")
                )
            )
        )
    rows = session.scalars(query.order_by(KbArticle.title).limit(limit)).all()
    return [_article(r).hit() for r in rows]


def find_articles(
    uow: UnitOfWork, typed: str, *, language: str | None = None, limit: int = MAX_RESULTS
) -> list[ArticleHit]:
    """``search_articles`` in a read-only unit of work (the window's look-up)."""
    with uow:
        return search_articles(uow.session, typed, language=language, limit=limit)


def get_article(uow: UnitOfWork, article_id: str) -> Article:
    with uow:
        row = uow.session.get(KbArticle, article_id)
        if row is None:
            raise ServiceError("That article is no longer in the knowledge base.")
        return _article(row)


def article_for_service(
    uow: UnitOfWork, service_code: str, *, language: str = "en"
) -> Article | None:
    """The article head office ties to a service (in ``language`` when there is
    one, else any), for the key points shown when the service joins a visit."""
    with uow:
        # The JSON list holds the code as a quoted string; the LIKE only narrows.
        pattern = f'%"{_like_text(service_code)}"%'
        rows = uow.session.scalars(
            select(KbArticle)
            .where(cast(KbArticle.service_codes, String).like(pattern, escape="\\"))
            .order_by(KbArticle.title)
        ).all()
        tied = [r for r in rows if service_code in (r.service_codes or [])]
        if not tied:
            return None
        tied.sort(key=lambda r: (r.language != language, r.title))
        return _article(tied[0])


def record_inquiry(
    uow: UnitOfWork, cmd: RecordInquiry, *, now: datetime | None = None
) -> InquiryRecorded:
    """A tier-1 inquiry answered from an article, resolved at first contact;
    the record and its outbox entry in one commit."""
    when = now or datetime.now(UTC)
    if cmd.channel not in CHANNELS:
        raise ServiceError("Unknown channel: {channel}.", channel=cmd.channel)
    with uow:
        s = uow.session
        article = s.get(KbArticle, cmd.article_id)
        if article is None:
            raise ServiceError("That article is no longer in the knowledge base.")
        station = s.scalars(select(Station)).one()
        row = Inquiry(
            id=uuid7(),
            article_id=article.id,
            article_title=article.title[:200],
            department=(article.department or "")[:60],
            language=article.language if article.language in LANGUAGES else "en",
            tier=1,
            outcome="resolved",
            ticket_id=cmd.ticket_id,
            channel=cmd.channel,
            station_code=station.code,
            staff_id=cmd.staff.id,
            at=when,
        )
        s.add(row)
        s.add(OutboxEntry(id=row.id, kind="inquiry", payload=inquiry_payload(row), created_at=when))
        uow.commit()
        return InquiryRecorded(
            row.id, row.article_id, row.article_title, row.department, row.ticket_id, when
        )


def inquiry_payload(row: Inquiry) -> dict[str, Any]:
    """The inquiry as it travels to head office (the wire model of kind "inquiry")."""
    return record_payload(InquiryPayload, row)


def inquiries_answered(uow: UnitOfWork, *, since: datetime, until: datetime) -> int:
    """Inquiries answered from the knowledge base with no ticket in between
    (at the greeter's stand or a walk-up question), for the day's figures."""
    with uow:
        rows = uow.session.scalars(
            select(Inquiry.id).where(
                Inquiry.at >= since, Inquiry.at < until, Inquiry.ticket_id.is_(None)
            )
        ).all()
    return len(rows)
