"""Store a FUT status feed: all or nothing, idempotent, attributed and audited.

``ingest_feed`` takes bytes that were read from a file or an upload; ``pull_feed``
fetches a URL (conditional GET, state in ``FeedSource``) and ingests what it got in
the same transaction as the new ETag, so a refused feed is fetched again next time.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from portfolio import audit
from portfolio.auth.permissions import Action, refused
from portfolio.db import read_session, unit_of_work
from portfolio.feed.fetch import Fetched, FetchFailed, fetch_feed, is_url, redact_url, utcnow
from portfolio.feed.parse import FeedEntry, ParsedFeed, Problem, excerpt, parse_feed
from portfolio.feed.settings import FeedSettings
from portfolio.i18n import t
from portfolio.models import (
    HTTP_DATE_WIDTH,
    SOURCE_WIDTH,
    TARGET_WIDTH,
    WHO_WIDTH,
    Component,
    ComponentStatus,
    FeedSource,
)
from portfolio.outcome import IMPORTED, REJECTED, UNCHANGED, Outcome
from portfolio.personal_data import mask_cpr
from portfolio.text import clip

ACTION_IMPORT = "feed.import"
ACTION_REJECTED = "feed.import.rejected"
ACTION_PULL = "feed.pull"  # a conditional GET that brought nothing new (FeedSource state changed)
MAX_AUDITED_ERRORS = 50
ACTOR_WIDTH = WHO_WIDTH  # ComponentStatus.recorded_by (ComponentStatus.source: SOURCE_WIDTH)
# FeedSource.last_outcome, .etag, .last_modified
OUTCOME_WIDTH, ETAG_WIDTH, LAST_MODIFIED_WIDTH = TARGET_WIDTH, TARGET_WIDTH, HTTP_DATE_WIDTH


@dataclass
class FeedResult:
    status: Outcome  # imported | unchanged | rejected
    new_entries: int = 0
    errors: list[Problem] = field(default_factory=list)
    source: str = ""
    entries: int = 0  # entries the feed held
    not_modified: bool = False  # the server answered 304

    def as_json(self, lang: str) -> dict[str, Any]:
        """The `--json` answer of the CLI."""
        return {"status": self.status, "new_entries": self.new_entries,
                "errors": [problem.as_dict(lang) for problem in self.errors]}

    def summary(self, lang: str) -> str:
        if self.status == IMPORTED:
            return t("feed.result.imported", lang, new=self.new_entries, source=self.source)
        if self.status == UNCHANGED:
            key = "feed.result.not_modified" if self.not_modified else "feed.result.unchanged"
            return t(key, lang, source=self.source)
        return t("feed.result.rejected", lang, source=self.source, count=len(self.errors))


class _Refused(Exception):
    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"{len(problems)} problems")
        self.problems = problems


# --- identity of components and entries -------------------------------------------------


def component_key(text: str) -> str:
    """ "KL Gateway", "kl_gateway", "KL-GATEWAY" -> "klgateway"."""
    return re.sub(r"[\W_]+", "", text).casefold()


def _derived_names(name: str) -> set[str]:
    """Shorter names people use: "Integration: NSP" -> "NSP"; "Klinisk Administrativt Modul (KAM)" -> both parts."""
    names = set()
    without_parens = re.sub(r"\([^)]*\)", " ", name).strip()
    names.add(without_parens)
    names.update(re.findall(r"\(([^)]*)\)", name))
    for candidate in list(names):
        if ":" in candidate:
            names.add(candidate.rsplit(":", 1)[1])
    return {key for key in map(component_key, names) if key}


def _catalogue_aliases(components: list[Component]) -> dict[int, tuple[str, ...]]:
    """The FUT catalogue's aliases of the stored components it matches (data/fut_catalogue.toml)."""
    from portfolio.catalogue import match_existing, read_catalogue

    stored = [(c.id, c.code, c.name) for c in components]
    out: dict[int, tuple[str, ...]] = {}
    for entry in read_catalogue():
        found = match_existing(entry, stored)
        if found is not None:
            out[found] = entry.aliases
    return out


def component_index(components: Iterable[Component]) -> dict[str, Component]:
    """Lookup by code or name (case, spaces and punctuation ignored), and by unambiguous short names."""
    components = list(components)
    derived: dict[str, set[int]] = {}
    for component in components:
        for key in _derived_names(component.name):
            derived.setdefault(key, set()).add(component.id)
    for component_id, aliases in _catalogue_aliases(components).items():  # "KIH-databasen", "Kommunal PRO"
        for key in filter(None, map(component_key, aliases)):
            derived.setdefault(key, set()).add(component_id)
    by_id = {component.id: component for component in components}
    index: dict[str, Component] = {key: by_id[next(iter(ids))] for key, ids in derived.items() if len(ids) == 1}
    for component in components:  # full names override short ones, and codes override everything
        index[component_key(component.name)] = component
    for component in components:
        index[component_key(component.code)] = component
    return index


def content_hash(code: str, entry: FeedEntry) -> str:
    """sha256 of a canonical JSON of what the entry says (not when or from where it came)."""
    canonical = {
        "component": code,
        "date": entry.status_date.isoformat(),
        "phase": entry.phase.value,
        "rag": entry.rag.value,
        "note": entry.note,
        "pilot_forecast": entry.pilot_forecast.isoformat() if entry.pilot_forecast else None,
        "production_forecast": entry.production_forecast.isoformat() if entry.production_forecast else None,
    }
    text = json.dumps(canonical, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _content(row: ComponentStatus | FeedEntry, component_id: int) -> tuple[Any, ...]:
    date = row.status_date
    return (component_id, date, str(row.phase.value), str(row.rag.value), row.note or "",
            row.pilot_forecast, row.production_forecast)


# --- storing -----------------------------------------------------------------------------


def _unknown_components(components: list[Component], mentioned: Iterable[tuple[int, str]]) -> list[Problem]:
    index = component_index(components)
    known = ", ".join(c.code for c in components) or "–"
    return [Problem.of("feed.error.unknown_component", number, "component", value=excerpt(text), known=known)
            for number, text in mentioned if component_key(text) not in index]


def _store(session: Session, parsed: ParsedFeed, *, source: str, actor: str, fetched_at: dt.datetime) -> tuple[
        int, list[str]]:
    """Insert what is new; raise _Refused (rolling back) for unknown components."""
    components = list(session.scalars(select(Component).order_by(Component.sort_order, Component.code)))
    problems = _unknown_components(components, ((n, e.component) for n, e in parsed.items))
    if problems:
        raise _Refused(problems)
    index = component_index(components)
    resolved = [(index[component_key(entry.component)], entry) for _, entry in parsed.items]

    ids = {component.id for component, _ in resolved}
    dates = {entry.status_date for _, entry in resolved}
    existing = session.scalars(
        select(ComponentStatus).where(ComponentStatus.component_id.in_(ids), ComponentStatus.status_date.in_(dates))
    ).all() if ids else []
    seen_hashes = {(row.component_id, row.status_date, row.content_hash) for row in existing}
    # Rows stored by other paths (demo data, older hashing) count as the same content too.
    seen_content = {_content(row, row.component_id) for row in existing}

    new = 0
    touched: set[str] = set()
    for component, entry in resolved:
        digest = content_hash(component.code, entry)
        content = _content(entry, component.id)
        if (component.id, entry.status_date, digest) in seen_hashes or content in seen_content:
            continue
        seen_hashes.add((component.id, entry.status_date, digest))
        seen_content.add(content)
        session.add(ComponentStatus(
            component_id=component.id, status_date=entry.status_date, phase=entry.phase, rag=entry.rag,
            note=entry.note, pilot_forecast=entry.pilot_forecast, production_forecast=entry.production_forecast,
            source=clip(source, SOURCE_WIDTH), content_hash=digest, recorded_at=fetched_at,
            recorded_by=clip(actor, ACTOR_WIDTH),
        ))
        touched.add(component.code)
        new += 1
    session.flush()  # a unique-constraint clash with a concurrent import surfaces here
    return new, sorted(touched)


def _audit_detail(parsed: ParsedFeed | None, *, source: str, url: str | None, fetched_at: dt.datetime,
                  **extra: Any) -> dict[str, Any]:
    detail: dict[str, Any] = {"source": source, "fetched_at": fetched_at.isoformat(timespec="seconds")}
    if url:
        detail["url"] = url
    if parsed is not None:
        detail["format"] = parsed.format
        detail["entries"] = len(parsed.items)
    detail.update(extra)
    return detail


def _problems_detail(problems: list[Problem]) -> dict[str, Any]:
    return {"error_count": len(problems),
            "errors": [problem.as_dict("en") for problem in problems[:MAX_AUDITED_ERRORS]]}


def _record_rejection(session: Session, problems: list[Problem], *, parsed: ParsedFeed | None, source: str,
                      url: str | None, actor: str, checksum: str | None, fetched_at: dt.datetime) -> None:
    audit.record(session, actor=actor, action=ACTION_REJECTED, target=clip(source, TARGET_WIDTH),
                 file_name=None if url else clip(source, TARGET_WIDTH), checksum=checksum,
                 detail=_audit_detail(parsed, source=source, url=url, fetched_at=fetched_at,
                                      **_problems_detail(problems)))


def _ingest(engine: Engine, data: bytes, parsed: ParsedFeed, *, source: str, url: str | None, actor: str,
            fetched_at: dt.datetime, on_commit: Callable[[Session, Outcome], None] | None = None) -> FeedResult:
    """The one transaction: entries, audit, and (for pulls) the feed source's new state."""
    checksum = audit.sha256(data)
    problems = list(parsed.problems)
    if problems and parsed.components:  # report unknown components in the same answer
        with read_session(engine) as session:
            components = list(session.scalars(select(Component).order_by(Component.sort_order, Component.code)))
        problems += _unknown_components(components, parsed.components)
        problems.sort(key=lambda problem: problem.entry or 0)
    if not problems:
        for attempt in (1, 2):  # a concurrent import of the same feed may win the race once
            try:
                with unit_of_work(engine) as session:
                    new, touched = _store(session, parsed, source=source, actor=actor, fetched_at=fetched_at)
                    status = IMPORTED if new else UNCHANGED
                    if new:
                        audit.record(session, actor=actor, action=ACTION_IMPORT, target=clip(source, TARGET_WIDTH),
                                     file_name=None if url else clip(source, TARGET_WIDTH), checksum=checksum,
                                     detail=_audit_detail(parsed, source=source, url=url, fetched_at=fetched_at,
                                                          new_entries=new, components=touched))
                    if on_commit is not None:
                        on_commit(session, status)
                return FeedResult(status, new, [], source, len(parsed.items))
            except _Refused as refused:
                problems = refused.problems
                break
            except IntegrityError:
                if attempt == 2:
                    raise
    with unit_of_work(engine) as session:
        _record_rejection(session, problems, parsed=parsed, source=source, url=url, actor=actor,
                          checksum=checksum, fetched_at=fetched_at)
        if on_commit is not None:
            on_commit(session, REJECTED)
    return FeedResult(REJECTED, 0, problems, source, len(parsed.items))


def _refusal(engine: Engine, actor: str, source: str) -> FeedResult | None:
    """A rejected result when the actor may not report FUT status (audited); None when it may."""
    shown = redact_url(source) if is_url(source) else source
    denied = refused(engine, actor, Action.IMPORT_FEED, target=clip(shown, TARGET_WIDTH))
    if denied is None:
        return None
    return FeedResult(REJECTED, 0, [Problem.of("auth.refused", **denied.bilingual())], shown)


def ingest_feed(
    engine: Engine,
    data: bytes,
    source: str,
    *,
    actor: str,
    today: dt.date | None = None,
    content_type: str | None = None,
    fetched_at: dt.datetime | None = None,
) -> FeedResult:
    """Parse and store a feed read from a file or an upload (``source`` is its file name).

    All or nothing: any problem refuses the whole feed and nothing but the refusal's
    audit event is written. Entries already stored (same component, date and content)
    are skipped, so the same feed twice gives "unchanged".
    """
    fetched_at = fetched_at or utcnow()
    source = mask_cpr(source)  # a file's name is kept (audit, ComponentStatus.source): masked, not refused
    denied = _refusal(engine, actor, source)
    if denied is not None:
        return denied
    parsed = parse_feed(data, source, content_type, today=today)
    url = redact_url(source) if is_url(source) else None
    return _ingest(engine, data, parsed, source=url or source, url=url, actor=actor, fetched_at=fetched_at)


# --- pulling a URL -------------------------------------------------------------------------


def feed_source_state(engine: Engine, url: str) -> FeedSource | None:
    with read_session(engine) as session:
        return session.scalar(select(FeedSource).where(FeedSource.url == url))


def _update_source(session: Session, url: str, *, fetched_at: dt.datetime, outcome: str,
                   fetched: Fetched | None = None) -> None:
    row = session.scalar(select(FeedSource).where(FeedSource.url == url))
    if row is None:
        row = FeedSource(url=url)
        session.add(row)
    row.last_fetched_at = fetched_at
    row.last_outcome = clip(outcome, OUTCOME_WIDTH)
    if fetched is not None:  # only a feed that was stored or already known moves the validators on
        row.etag = (fetched.etag or None) and clip(fetched.etag, ETAG_WIDTH)
        row.last_modified = (fetched.last_modified or None) and clip(fetched.last_modified, LAST_MODIFIED_WIDTH)


def pull_feed(
    engine: Engine,
    url: str,
    *,
    actor: str,
    settings: FeedSettings | None = None,
    today: dt.date | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> FeedResult:
    """Fetch ``url`` (If-None-Match / If-Modified-Since from FeedSource) and ingest it."""
    settings = settings or FeedSettings()
    shown = redact_url(url)
    denied = _refusal(engine, actor, shown)
    if denied is not None:  # checked before anything is fetched
        return denied
    state = feed_source_state(engine, shown)  # FeedSource rows never hold credentials
    try:
        fetched = fetch_feed(url, etag=state.etag if state else None,
                             last_modified=state.last_modified if state else None, settings=settings, sleep=sleep)
    except FetchFailed as failed:
        now = utcnow()
        with unit_of_work(engine) as session:
            _record_rejection(session, [failed.problem], parsed=None, source=shown, url=shown, actor=actor,
                              checksum=None, fetched_at=now)
            if failed.problem.key != "feed.error.url_scheme":  # no FeedSource row for a URL we never try
                _update_source(session, shown, fetched_at=now, outcome=f"{REJECTED}: {failed.problem.message('en')}")
        return FeedResult(REJECTED, 0, [failed.problem], shown)

    if fetched.not_modified:
        with unit_of_work(engine) as session:
            _update_source(session, shown, fetched_at=fetched.fetched_at, outcome="not modified (304)",
                           fetched=fetched)
            audit.record(session, actor=actor, action=ACTION_PULL, target=clip(shown, TARGET_WIDTH),
                         detail={"url": shown, "outcome": "not_modified", "attempts": fetched.attempts})
        return FeedResult(UNCHANGED, 0, [], shown, not_modified=True)

    parsed = parse_feed(fetched.body, urlsplit_path(url), fetched.content_type, today=today)

    def remember(session: Session, status: Outcome) -> None:
        if status == REJECTED:
            _update_source(session, shown, fetched_at=fetched.fetched_at, outcome=f"{REJECTED}: problems in the feed")
            return
        _update_source(session, shown, fetched_at=fetched.fetched_at, outcome=status, fetched=fetched)
        if status == UNCHANGED:
            audit.record(session, actor=actor, action=ACTION_PULL, target=clip(shown, TARGET_WIDTH),
                         checksum=audit.sha256(fetched.body),
                         detail={"url": shown, "outcome": UNCHANGED, "attempts": fetched.attempts})

    return _ingest(engine, fetched.body, parsed, source=shown, url=shown, actor=actor,
                   fetched_at=fetched.fetched_at, on_commit=remember)


def urlsplit_path(url: str) -> str:
    """The path part of a URL, whose suffix hints at the format when the content type does not."""
    from urllib.parse import urlsplit

    return urlsplit(url).path


__all__ = [
    "FeedResult", "component_index", "component_key", "content_hash",
    "ingest_feed", "pull_feed",
]
