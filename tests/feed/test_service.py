"""Storing feeds: all or nothing, idempotent, attributed, audited; staleness; the demo round trip."""

from __future__ import annotations

import datetime as dt
import json

from sqlalchemy import Engine, func, select

from portfolio.db import read_session
from portfolio.domain import Phase, Rag
from portfolio.feed.history import component_history
from portfolio.feed.parse import FeedEntry
from portfolio.feed.service import component_index, component_key, content_hash, ingest_feed
from portfolio.feed.staleness import stale_components
from portfolio.models import AuditEvent, Component, ComponentStatus
from tests.feed.conftest import GOOD_FEED, TODAY, add_components, entry, feed_json
from tests.support.feed_export import feed_from_store

FETCHED = dt.datetime(2023, 6, 1, 8, 30)


def statuses(engine: Engine) -> list[ComponentStatus]:
    with read_session(engine) as session:
        return list(session.scalars(select(ComponentStatus).order_by(ComponentStatus.id)))


def audits(engine: Engine, action: str) -> list[AuditEvent]:
    with read_session(engine) as session:
        return list(session.scalars(select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)))


def test_import_stores_entries_with_their_source(store: Engine) -> None:
    result = ingest_feed(store, GOOD_FEED, "fut-status.json", actor="mette", today=TODAY, fetched_at=FETCHED)
    assert (result.status, result.new_entries, result.errors) == ("imported", 3, [])
    rows = statuses(store)
    assert [(r.status_date, r.phase, r.rag, r.note) for r in rows] == [
        (dt.date(2023, 5, 1), Phase.PRODUCTION, Rag.GREEN, "I drift."),
        (dt.date(2023, 5, 1), Phase.PILOT, Rag.AMBER, "Pilot i to kommuner."),
        (dt.date(2023, 5, 1), Phase.ACCEPTANCE_TEST, Rag.RED, "Forsinket."),
    ]
    assert {(r.source, r.recorded_at, r.recorded_by) for r in rows} == {("fut-status.json", FETCHED, "mette")}
    assert rows[1].production_forecast == dt.date(2023, 9, 1)
    [event] = audits(store, "feed.import")
    assert event.file_name == "fut-status.json" and event.actor == "mette"
    assert event.checksum is not None and len(event.checksum) == 64
    assert event.detail["new_entries"] == 3 and event.detail["components"] == ["KAM", "KL_GATEWAY", "K_PRO"]


def test_same_content_twice_stores_nothing_new(store: Engine) -> None:
    ingest_feed(store, GOOD_FEED, "a.json", actor="x", today=TODAY)
    again = ingest_feed(store, GOOD_FEED, "b.json", actor="x", today=TODAY)
    assert (again.status, again.new_entries) == ("unchanged", 0)
    # The same entries written differently (CSV, Danish words, another name) are the same content.
    csv = (b"komponent;dato;fase;rag;note\nKL Gateway;01-05-2023;production;green;I drift.\n")
    assert ingest_feed(store, csv, "c.csv", actor="x", today=TODAY).status == "unchanged"
    # A changed note on the same date is a new entry; history keeps both.
    changed = ingest_feed(store, feed_json(entry("KL_GATEWAY", "2023-05-01", "drift", "green", "I drift. Rettet.")),
                          "d.json", actor="x", today=TODAY)
    assert (changed.status, changed.new_entries) == ("imported", 1)
    assert len(statuses(store)) == 4
    assert len(audits(store, "feed.import")) == 2


def test_duplicate_entries_in_one_feed_are_stored_once(store: Engine) -> None:
    data = feed_json(entry(), entry(component="kl gateway"))
    assert ingest_feed(store, data, "x.json", actor="x", today=TODAY).new_entries == 1


def test_unknown_components_refused_by_name_and_nothing_stored(store: Engine) -> None:
    data = feed_json(entry("KAM"), entry("Hjemmeblodtryk"), entry("KL_GATEWAY"), entry("XYZ"))
    result = ingest_feed(store, data, "x.json", actor="x", today=TODAY)
    assert result.status == "rejected" and result.new_entries == 0
    assert [(e["entry"], e["field"]) for e in result.as_json("en")["errors"]] == [(2, "component"), (4, "component")]
    message = result.errors[0].message("en")
    assert message.startswith('Unknown component "Hjemmeblodtryk". Only an admin can add components (in the app).')
    assert "KL_GATEWAY" in message
    assert statuses(store) == []
    [event] = audits(store, "feed.import.rejected")
    assert event.detail["error_count"] == 2 and event.file_name == "x.json"


def test_bad_entries_refuse_the_whole_feed(store: Engine) -> None:
    data = feed_json(entry("KAM"), entry("KL_GATEWAY", date="2099-01-01"), entry("K_PRO", rag="purple"))
    result = ingest_feed(store, data, "x.json", actor="x", today=TODAY)
    assert result.status == "rejected"
    assert [(p.entry, p.field) for p in result.errors] == [(2, "date"), (3, "rag")]
    assert statuses(store) == []
    assert audits(store, "feed.import") == []


def test_component_names_codes_and_short_names_resolve() -> None:
    components = [Component(id=i, code=c, name=n) for i, (c, n) in enumerate([
        ("KAM", "Klinisk Administrativt Modul (KAM)"), ("NSP", "Integration: NSP"),
        ("KOL_HJERTE", "KOL-hjerteløsningen (FUT 2.0)"), ("K_PRO", "K-PRO"), ("KL_GATEWAY", "KL Gateway")])]
    index = component_index(components)
    for text, code in [("kam", "KAM"), ("Klinisk administrativt modul", "KAM"), ("nsp", "NSP"),
                       ("Integration: NSP", "NSP"), ("KOL-hjerteløsningen", "KOL_HJERTE"), ("k pro", "K_PRO"),
                       ("KL Gateway", "KL_GATEWAY"), ("KL_GATEWAY", "KL_GATEWAY"), ("kl-gateway", "KL_GATEWAY")]:
        assert index[component_key(text)].code == code, text
    assert component_key("Integration") not in index


def test_content_hash_is_canonical() -> None:
    a = FeedEntry("kam", dt.date(2023, 5, 1), Phase.PILOT, Rag.AMBER, "x")
    b = FeedEntry("Klinisk Administrativt Modul", dt.date(2023, 5, 1), Phase.PILOT, Rag.AMBER, "x")
    assert content_hash("KAM", a) == content_hash("KAM", b) != content_hash("KAM", FeedEntry(
        "kam", dt.date(2023, 5, 1), Phase.PILOT, Rag.AMBER, "x", dt.date(2023, 7, 1)))


def test_stale_components(store: Engine) -> None:
    data = feed_json(entry("KL_GATEWAY", "2023-05-01"), entry("KAM", "2023-03-01"), entry("KAM", "2023-02-01"),
                     entry("K_PRO", "2023-04-17"))
    ingest_feed(store, data, "x.json", actor="x", today=TODAY)
    with read_session(store) as session:
        stale = stale_components(session, dt.date(2023, 6, 1), 45)
        by_code = {s.code: s for s in stale}
        assert "KL_GATEWAY" not in by_code and "K_PRO" not in by_code  # exactly 45 days old is not stale
        assert (by_code["KAM"].last_status_date, by_code["KAM"].days_since) == (dt.date(2023, 3, 1), 92)
        assert by_code["NSP"].last_status_date is None  # never reported
        assert len(stale) == 7
        # Looking back: entries after as_of do not count.
        back = {s.code: s for s in stale_components(session, dt.date(2023, 2, 15), 10)}
        assert back["KAM"].last_status_date == dt.date(2023, 2, 1)
        assert back["KL_GATEWAY"].last_status_date is None


def test_history_keeps_every_entry_and_its_source(store: Engine) -> None:
    ingest_feed(store, feed_json(entry("KAM", "2023-03-01", rag="amber")), "march.json", actor="a", today=TODAY)
    ingest_feed(store, feed_json(entry("KAM", "2023-05-01", rag="green")), "may.csv.json", actor="b", today=TODAY)
    with read_session(store) as session:
        rows = component_history(session, component_code="KAM")
    assert [(r.status_date, r.rag, r.source, r.recorded_by) for r in rows] == [
        (dt.date(2023, 3, 1), Rag.AMBER, "march.json", "a"), (dt.date(2023, 5, 1), Rag.GREEN, "may.csv.json", "b")]


def _content(engine: Engine) -> list[tuple]:
    with read_session(engine) as session:
        rows = session.execute(
            select(Component.code, ComponentStatus.status_date, ComponentStatus.phase, ComponentStatus.rag,
                   ComponentStatus.note, ComponentStatus.pilot_forecast, ComponentStatus.production_forecast)
            .join(ComponentStatus.component)
        ).all()
    return sorted(tuple(row) for row in rows)


def test_demo_history_round_trips_through_a_feed(demo_engine: Engine, engine: Engine) -> None:
    with read_session(demo_engine) as session:
        feed = feed_from_store(session)
        demo_count = session.scalar(select(func.count()).select_from(ComponentStatus))
    assert len(json.loads(feed)["entries"]) == demo_count > 0
    add_components(engine)
    result = ingest_feed(engine, feed, "demo-export.json", actor="x")
    assert (result.status, result.new_entries) == ("imported", demo_count)
    assert _content(engine) == _content(demo_engine)
    with read_session(engine) as session:
        assert feed_from_store(session) == feed  # and written again, byte for byte
    # Ingesting the export into the demo store itself adds nothing: the entries are already there.
    assert ingest_feed(demo_engine, feed, "demo-export.json", actor="x").status == "unchanged"


def test_example_feed_imports(store: Engine) -> None:
    from portfolio.config import DATA_DIR

    result = ingest_feed(store, (DATA_DIR / "example-feed.json").read_bytes(), "example-feed.json", actor="x")
    assert result.status == "imported", [p.describe("en") for p in result.errors]


def test_concurrent_imports_of_the_same_feed_store_it_once(store: Engine) -> None:
    import threading

    barrier = threading.Barrier(4)
    results: list[str] = []
    errors: list[str] = []

    def work() -> None:
        barrier.wait()
        try:
            results.append(ingest_feed(store, GOOD_FEED, "x.json", actor="x", today=TODAY).status)
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(repr(error))

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(results) == ["imported", "unchanged", "unchanged", "unchanged"]
    assert len(statuses(store)) == 3
