"""The knowledge base at the desk (issue 16): head office's articles searched
offline as typed, accents ignored, English and French; an answer recorded as
a resolved tier-1 inquiry that reaches head office with no personal data."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from counterapp.db.engine import downgrade, migrate, open_database
from counterapp.db.models import Inquiry, KbArticle, OutboxEntry
from counterapp.db.uow import UnitOfWork
from counterapp.services.auth import login
from counterapp.services.errors import ServiceError
from counterapp.services.knowledge import (
    RecordInquiry,
    article_for_service,
    find_articles,
    get_article,
    inquiries_answered,
    record_inquiry,
    search_articles,
)
from counterapp.services.reference import DEMO_CATALOGUE
from counterapp.sync.refdata import ENTITY_MODELS
from counterapp.sync.wire import PAYLOAD_MODELS


@pytest.fixture(scope="module")
def kb_db(tmp_path_factory: pytest.TempPathFactory):
    """One demo station for the read-only look-ups (loading the demo takes seconds)."""
    from counterapp.services.reference import load_demo

    engine, factory = open_database(tmp_path_factory.mktemp("kb") / "station.sqlite3")
    load_demo(UnitOfWork(factory))
    yield factory
    engine.dispose()


def titles(station_db, typed: str, **kw) -> list[str]:
    return [h.title for h in find_articles(UnitOfWork(station_db, readonly=True), typed, **kw)]


def test_every_demo_article_is_valid_reference_data_in_both_languages():
    data = json.loads(DEMO_CATALOGUE.read_text("utf-8"))
    model, _key = ENTITY_MODELS["kb_article"]
    articles = [model.model_validate(a) for a in data["articles"]]
    assert len(articles) >= 24
    by_lang = {lang: {a.id for a in articles if a.language == lang} for lang in ("en", "fr")}
    assert len(by_lang["en"]) == len(by_lang["fr"])  # every topic in both
    for a in articles:
        assert a.bring and a.fees and a.hours and a.eligibility and a.department, a.id
        assert a.key_points, a.id


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("dog", "Dog licences"),
        ("dog lic", "Dog licences"),  # as typed: a prefix of the last word
        ("marriage", "Marriage licences"),
        ("permis chien", "Permis pour chien"),
        ("PERMIS CHIEN", "Permis pour chien"),
        ("médaille", "Permis pour chien"),
        ("medaille", "Permis pour chien"),  # accents ignored
        ("ordures", "Collecte des ordures, du recyclage et du bac vert"),
        ("recycling", "Garbage, recycling and green bin collection"),
        ("affidavit", "Commissioning documents (oaths and declarations)"),
        ("declaration solennelle", "Assermentation de documents (serments et déclarations)"),
        ("tax certificate", "Tax certificates"),
        ("parking ticket", "Parking tickets: pay or dispute"),
        ("waitlist", "Recreation program registration, waitlists and refunds"),
    ],
)
def test_the_search_finds_the_article_a_resident_asks_about(kb_db, typed, expected):
    assert titles(kb_db, typed)[0] == expected


def test_the_title_outranks_a_passing_mention(kb_db):
    # "licence" appears in many articles' bodies; the ones named for it come first.
    found = titles(kb_db, "licence", language="en")
    assert set(found[:3]) <= {
        "Dog licences",
        "Marriage licences",
        "Lottery licences for charities",
        "Business licence renewals",
    }


def test_the_language_filter_and_both_languages(kb_db):
    both = find_articles(UnitOfWork(kb_db, readonly=True), "commissioner commissaire")
    assert both == []  # every word must match: no article is in two languages
    fr = titles(kb_db, "chien", language="fr")
    assert fr and all("chien" in t.lower() for t in fr)
    assert titles(kb_db, "chien", language="en") == []


@pytest.mark.parametrize("typed", ['"', "*", "dog OR", "NEAR(", "a:b", "'; drop", "   ", "x" * 500])
def test_typed_text_is_never_query_syntax(kb_db, typed):
    find_articles(UnitOfWork(kb_db, readonly=True), typed)  # never raises


def test_an_article_carries_the_sections_the_counter_reads_out(kb_db):
    hit = find_articles(UnitOfWork(kb_db, readonly=True), "marriage licence")[0]
    art = get_article(UnitOfWork(kb_db, readonly=True), hit.id)
    assert art.department == "Clerk's Office"
    assert "$149.00" in art.fees
    assert "ID" in art.bring
    assert "8:30" in art.hours
    assert "18" in art.eligibility
    assert any("90 days" in p for p in art.key_points)


def test_a_service_finds_its_article_in_the_associates_language(kb_db):
    en = article_for_service(UnitOfWork(kb_db, readonly=True), "LIC-DOG", language="en")
    fr = article_for_service(UnitOfWork(kb_db, readonly=True), "LIC-DOG", language="fr")
    assert en is not None and en.title == "Dog licences"
    assert fr is not None and fr.title == "Permis pour chien"
    assert article_for_service(UnitOfWork(kb_db, readonly=True), "NOPE") is None


def test_an_answer_is_a_resolved_tier1_inquiry_sent_to_head_office(station_db):
    alex = login(UnitOfWork(station_db), "alex", "counter")
    hit = find_articles(UnitOfWork(station_db, readonly=True), "garbage")[0]
    at = datetime(2026, 12, 1, 15, 0, tzinfo=UTC)
    done = record_inquiry(UnitOfWork(station_db), RecordInquiry(alex, hit.id), now=at)
    with UnitOfWork(station_db, readonly=True) as uow:
        row = uow.session.get(Inquiry, done.id)
        entry = uow.session.scalars(select(OutboxEntry).where(OutboxEntry.id == done.id)).one()
        assert (row.tier, row.outcome, row.department) == (1, "resolved", "Public Works")
        assert entry.kind == "inquiry"
        sent = dict(entry.payload)
    payload = PAYLOAD_MODELS["inquiry"].model_validate(sent)  # what the server checks
    assert payload.article_id == hit.id and payload.ticket_id is None
    # no personal data: nothing about the resident at all
    assert set(sent) == {
        "id",
        "station_code",
        "article_id",
        "article_title",
        "department",
        "language",
        "tier",
        "outcome",
        "ticket_id",
        "channel",
        "staff_id",
        "at",
    }
    assert (
        inquiries_answered(
            UnitOfWork(station_db, readonly=True),
            since=at - timedelta(hours=1),
            until=at + timedelta(hours=1),
        )
        == 1
    )


def test_an_answer_from_a_withdrawn_article_is_refused(station_db):
    alex = login(UnitOfWork(station_db), "alex", "counter")
    with pytest.raises(ServiceError, match="no longer"):
        record_inquiry(UnitOfWork(station_db), RecordInquiry(alex, "kb-gone"))
    with UnitOfWork(station_db, readonly=True) as uow:
        assert uow.session.scalars(select(Inquiry)).all() == []


def test_the_index_follows_head_offices_changes(station_db):
    """Articles arrive, change and are withdrawn by replication (any writer):
    the index keeps up by itself."""
    with UnitOfWork(station_db) as uow:
        uow.session.add(
            KbArticle(
                id="kb-snow",
                title="Snow clearing",
                body="Sidewalk plough routes",
                tags="snow",
                language="en",
                department="Public Works",
            )
        )
        uow.commit()
    assert titles(station_db, "plough") == ["Snow clearing"]
    with UnitOfWork(station_db) as uow:
        uow.session.get(KbArticle, "kb-snow").title = "Déneigement"
        uow.commit()
    assert titles(station_db, "deneigement")[0] == "Déneigement"  # the title first
    assert "Snow clearing" not in titles(station_db, "snow clearing")
    with UnitOfWork(station_db) as uow:
        uow.session.delete(uow.session.get(KbArticle, "kb-snow"))
        uow.commit()
    assert titles(station_db, "plough") == []


def test_the_migration_goes_down_and_up_and_the_index_is_rebuilt(tmp_path):
    engine, factory = open_database(tmp_path / "s.sqlite3")
    from counterapp.services.reference import load_demo

    load_demo(UnitOfWork(factory))
    downgrade(engine, "0601")
    migrate(engine)
    engine.dispose()
    engine, factory = open_database(tmp_path / "s.sqlite3")  # start-up puts the index back
    from counterapp.services.reference import load_demo as again

    again(UnitOfWork(factory))
    with UnitOfWork(factory, readonly=True) as uow:
        assert search_articles(uow.session, "dog")[0].title == "Dog licences"
    engine.dispose()
