"""Every write of the risk log: authorised, checked, stored as a new version and audited in one unit of work.
Bad input raises :class:`RiskRefused` (a refused account :class:`PermissionDenied`) before anything is stored.

Who may: the secretariat (admins) every risk; the editors of the landsdel whose organisation owns a risk
(``Action.EDIT_RISK``, per landsdel); the FUT reporter the FUT risks, those about a FUT component or owned by the
FUT programme (``Action.EDIT_FUT_RISK``). A change must be allowed for the risk as it is and as it becomes, so an
editor cannot hand a risk to another landsdel's organisation.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, fields
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from portfolio import audit
from portfolio.auth.permissions import Action, PermissionDenied, find_account, record_refusal, refusal
from portfolio.db import read_session, unit_of_work
from portfolio.meetings.errors import MeetingRefused
from portfolio.meetings.organisations import ORGANISATIONS, match_organisation
from portfolio.meetings.service import organisation as _organisation
from portfolio.models import TARGET_WIDTH, WHO_WIDTH, Component, Landsdel
from portfolio.personal_data import find_cpr
from portfolio.reference import landsdel_by_name
from portfolio.risks.domain import (
    MITIGATION_WORDS,
    STATUS_WORDS,
    STRATEGY_WORDS,
    MitigationStatus,
    RiskStatus,
    SignalKind,
    Strategy,
    fold_word,
)
from portfolio.risks.errors import RiskRefused
from portfolio.risks.models import RiskRecord, RiskVersion
from portfolio.text import checked_text, clip

MAX_TITLE = 300
MAX_TEXT = 4000
MAX_CATEGORY = 80
COMPONENT_SIGNALS = frozenset({SignalKind.FUT_STALE, SignalKind.FUT_SLIP})
NO_THRESHOLD = frozenset({SignalKind.RAG_RED})
FUT_OWNER = "fut"


# --- input checks ---------------------------------------------------------------------------------------------


def clean_text(value: str | None, field: str, *, limit: int = MAX_TEXT, required: bool = False) -> str:
    """``value`` trimmed; refused when missing (if required), too long, or holding a CPR number."""
    return checked_text(value, field, limit=limit, required=required, refusal=RiskRefused, keys="risk.error")


def scale(value: object, field: str, *, required: bool = True) -> int | None:
    """A probability or consequence: a whole number 1–5."""
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise RiskRefused("risk.error.scale", field=field, value="")
        return None
    text = str(value).strip()
    try:
        number = int(text) if not isinstance(value, float) else (int(value) if value.is_integer() else -1)
    except ValueError:
        number = -1
    if not 1 <= number <= 5:
        raise RiskRefused("risk.error.scale", field=field, value=_shown(text))
    return number


def _shown(text: str) -> str:
    """Bad input echoed in a refusal: short, and never a CPR number."""
    return "***" if find_cpr(text) else clip(text, 40)


def parse_date(value: str | dt.date | None) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    if not value.strip():
        return None
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise RiskRefused("risk.error.date", value=_shown(value)) from None


def parse_strategy(value: str | Strategy | None) -> Strategy | None:
    if value is None or isinstance(value, Strategy):
        return value
    if not value.strip():
        return None
    found = STRATEGY_WORDS.get(fold_word(value))
    if found is None:
        raise RiskRefused("risk.error.strategy", value=_shown(value))
    return found


def parse_status(value: str | RiskStatus) -> RiskStatus:
    if isinstance(value, RiskStatus):
        return value
    found = STATUS_WORDS.get(fold_word(value))
    if found is None:
        raise RiskRefused("risk.error.status", value=_shown(value))
    return found


def parse_decision(value: str | tuple[int, int]) -> tuple[int, int]:
    """``MEETING:ITEM`` as two numbers (the decision's existence is checked against the register)."""
    if isinstance(value, tuple):
        return value
    parts = (value or "").strip().split(":")
    if len(parts) != 2 or not all(p.strip().isdigit() for p in parts):
        raise RiskRefused("risk.error.decision_format", value=_shown(value or ""))
    return int(parts[0]), int(parts[1])


def check_decision(session: Session, decision: tuple[int, int]) -> tuple[int, int]:
    """The decision exists: the meeting has a live item with that number, and the item has an outcome."""
    from portfolio.meetings.models import Meeting
    from portfolio.meetings.service import live_items

    meeting_id, number = decision
    if session.get(Meeting, meeting_id) is not None:
        for item in live_items(session, meeting_id):
            if item.number == number and item.conclusion is not None:
                return decision
    raise RiskRefused("risk.error.decision", meeting=meeting_id, item=number)


@dataclass(frozen=True)
class Mitigation:
    text: str
    owner: str | None = None  # an organisation (name or key)
    due: str | dt.date | None = None
    status: str | MitigationStatus = MitigationStatus.PLANNED


def parse_mitigation(text: str) -> Mitigation:
    """``TEXT[|OWNER[|DUE[|STATUS]]]``, as the CLI and the workbook give it."""
    parts = [p.strip() for p in (text or "").split("|")]
    if len(parts) > 4 or not parts[0]:
        raise RiskRefused("risk.error.mitigation", value=_shown(text or ""))
    parts += [""] * (4 - len(parts))
    return Mitigation(parts[0], parts[1] or None, parts[2] or None, parts[3] or MitigationStatus.PLANNED)


def _mitigation(session: Session, spec: Mitigation) -> dict[str, Any]:
    text = clean_text(spec.text, "risk.field.mitigation", required=True)
    owner = _owner(session, spec.owner).key if spec.owner and str(spec.owner).strip() else None
    due = parse_date(spec.due)
    status = spec.status if isinstance(spec.status, MitigationStatus) else MITIGATION_WORDS.get(fold_word(spec.status))
    if status is None:
        raise RiskRefused("risk.error.mitigation", value=_shown(str(spec.status)))
    return {"text": text, "owner": owner, "due": due.isoformat() if due else None, "status": status.value}


def _owner(session: Session, text: str | None):  # type: ignore[no-untyped-def]
    if match_organisation(text or "") is None:
        raise RiskRefused("risk.error.owner", value=_shown(text or ""), known=", ".join(o.key for o in ORGANISATIONS))
    try:
        return _organisation(session, text)
    except MeetingRefused:  # pragma: no cover - matched above
        raise RiskRefused("risk.error.owner", value=_shown(text or ""),
                          known=", ".join(o.key for o in ORGANISATIONS)) from None


def _landsdel(session: Session, text: str) -> str:
    found = landsdel_by_name(session, text)
    if found is None:
        known = ", ".join(session.scalars(select(Landsdel.key).order_by(Landsdel.sort_order)))
        raise RiskRefused("risk.error.landsdel", value=_shown(text), known=known)
    return found.key


def _component(session: Session, text: str) -> str:
    """A FUT component by code or name (case and spacing forgiven)."""
    from portfolio.names import fold

    wanted = fold(text)
    for code, name in session.execute(select(Component.code, Component.name)):
        if wanted in (fold(code), fold(name)):
            return code
    raise RiskRefused("risk.error.component", value=_shown(text))


def parse_signal(session: Session, value: str) -> tuple[SignalKind, str]:
    """``KIND:ARG``: the kind one of :class:`SignalKind`, the argument a known component or landsdel."""
    kind_text, _, arg = (value or "").partition(":")
    try:
        kind = SignalKind(kind_text.strip().lower())
    except ValueError:
        raise RiskRefused("risk.error.signal", value=_shown(value or ""),
                          kinds=", ".join(k.value for k in SignalKind)) from None
    if not arg.strip():
        raise RiskRefused("risk.error.signal", value=_shown(value), kinds=", ".join(k.value for k in SignalKind))
    if kind in COMPONENT_SIGNALS:
        return kind, _component(session, arg)
    landsdel_text, _, milestone = arg.partition("/")
    key = _landsdel(session, landsdel_text)
    if milestone.strip() and kind is SignalKind.MILESTONE_SLIP:
        return kind, f"{key}/{clean_text(milestone, 'risk.field.title', limit=40)}"
    return kind, key


# --- authorisation ----------------------------------------------------------------------------------------------


def _is_fut(owner_key: str | None, component_code: str | None) -> bool:
    return bool(component_code) or owner_key == FUT_OWNER


def may_edit(session: Session, username: str, *, owner_landsdel: str | None, fut: bool) -> PermissionDenied | None:
    """None when ``username`` may write a risk owned by an organisation of ``owner_landsdel`` (FUT or not);
    else why not. Pure read: the page uses it to offer the forms."""
    account = find_account(session, username)
    if account is None:
        return PermissionDenied("auth.denied.unknown_user", user=username)
    checks = [(Action.EDIT_RISK, owner_landsdel)] + ([(Action.EDIT_FUT_RISK, None)] if fut else [])
    denials = [refusal(username=account.username, role=account.role, active=account.active,
                       landsdele=account.landsdel_keys, action=action, landsdel_key=key) for action, key in checks]
    if any(denial is None for denial in denials):
        return None
    # The FUT reporter refused a FUT risk is told about the FUT action, everyone else about the landsdel's.
    return denials[-1] if fut and account.role.value == "fut_reporter" else denials[0]


def _authorise(engine: Engine, actor: str, states: Sequence[tuple[str | None, bool]], target: str) -> None:
    with read_session(engine) as session:
        denial = next((d for owner_landsdel, fut in states
                       if (d := may_edit(session, actor, owner_landsdel=owner_landsdel, fut=fut)) is not None), None)
    if denial is not None:
        record_refusal(engine, actor, Action.EDIT_RISK, denial, target=clip(target, TARGET_WIDTH))
        raise denial


def _owner_state(owner_text: str | None, component: str | None) -> tuple[str | None, bool]:
    ref = match_organisation(owner_text or "")
    return (ref.landsdel_key if ref else None), _is_fut(ref.key if ref else None, component)


# --- writes -------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RiskChange:
    """The fields of a new version; None leaves a field as it is, "" clears an optional one."""

    title: str | None = None
    description: str | None = None
    category: str | None = None
    owner: str | None = None
    landsdel: str | None = None
    component: str | None = None
    probability: int | str | None = None
    consequence: int | str | None = None
    strategy: str | Strategy | None = None
    mitigations: Sequence[Mitigation] | None = None
    residual_probability: int | str | None = None
    residual_consequence: int | str | None = None
    signal: str | None = None
    threshold: int | str | None = None
    status: str | RiskStatus | None = None
    decision: str | tuple[int, int] | None = None

    def given(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self) if getattr(self, f.name) is not None}


def _threshold(value: int | str | None) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        number = int(str(value).strip())
    except ValueError:
        number = -1
    if number < 0:
        raise RiskRefused("risk.error.threshold", signal=_shown(str(value)))
    return number


def _apply(session: Session, base: dict[str, Any], change: RiskChange) -> dict[str, Any]:  # noqa: C901 - one flat branch per field of a change
    """The column values of the new version: ``base`` (the current version's, or defaults) with ``change``."""
    row = dict(base)
    given = change.given()
    if "title" in given:
        row["title"] = clean_text(change.title, "risk.field.title", limit=MAX_TITLE, required=True)
    if "description" in given:
        row["description"] = clean_text(change.description, "risk.field.description")
    if "category" in given:
        row["category"] = clean_text(change.category, "risk.field.category", limit=MAX_CATEGORY)
    if "owner" in given:
        row["owner_id"] = _owner(session, change.owner).id
    if "landsdel" in given:
        row["landsdel_key"] = _landsdel(session, change.landsdel) if change.landsdel.strip() else None
    if "component" in given:
        row["component_code"] = _component(session, change.component) if change.component.strip() else None
    for name in ("probability", "consequence"):
        if name in given:
            row[name] = scale(given[name], f"risk.field.{name}")
    for name in ("residual_probability", "residual_consequence"):
        if name in given:
            row[name] = scale(given[name], f"risk.field.{name}", required=False)
    if "strategy" in given:
        row["strategy"] = parse_strategy(change.strategy)
    if "mitigations" in given:
        row["mitigations"] = [_mitigation(session, m) for m in change.mitigations or ()]
    if "signal" in given:
        if change.signal.strip():
            kind, arg = parse_signal(session, change.signal)
            row["signal_kind"], row["signal_arg"] = kind.value, arg
        else:
            row["signal_kind"] = row["signal_arg"] = row["threshold"] = None
    if "threshold" in given:
        row["threshold"] = _threshold(change.threshold)
    if row.get("signal_kind"):
        kind = SignalKind(row["signal_kind"])
        if kind in NO_THRESHOLD:
            row["threshold"] = None
        elif row.get("threshold") is None:
            raise RiskRefused("risk.error.threshold", signal=f"{kind.value}:{row['signal_arg']}")
    elif row.get("threshold") is not None:
        raise RiskRefused("risk.error.threshold_alone")
    if "status" in given:
        row["status"] = parse_status(change.status)
    if "decision" in given:
        row["decision_meeting_id"], row["decision_item"] = check_decision(session, parse_decision(change.decision))
    if row["status"] is RiskStatus.OPEN and "decision" not in given:
        row["decision_meeting_id"] = row["decision_item"] = None
    if row["status"] is not RiskStatus.OPEN and row.get("decision_meeting_id") is None:
        raise RiskRefused("risk.error.decision_needed")
    return row


DEFAULTS: dict[str, Any] = {
    "description": "", "category": "", "landsdel_key": None, "component_code": None, "strategy": None,
    "mitigations": [], "residual_probability": None, "residual_consequence": None, "status": RiskStatus.OPEN,
    "decision_meeting_id": None, "decision_item": None, "signal_kind": None, "signal_arg": None, "threshold": None,
}
VERSIONED = ("title", "description", "category", "owner_id", "landsdel_key", "component_code", "probability",
             "consequence", "strategy", "mitigations", "residual_probability", "residual_consequence", "status",
             "decision_meeting_id", "decision_item", "signal_kind", "signal_arg", "threshold", "raised_on")


def _columns(version: RiskVersion) -> dict[str, Any]:
    return {name: getattr(version, name) for name in VERSIONED}


def _audit_value(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, RiskStatus | Strategy):
        return value.value
    return value


def add_risk(engine: Engine, change: RiskChange, *, actor: str, raised_on: str | dt.date | None = None,
             note: str = "") -> int:
    """A new risk (version 1); returns its id. Title, probability, consequence and owner are required."""
    with read_session(engine) as session:
        state = _owner_state(change.owner, change.component)
    _authorise(engine, actor, [state], f"risk: {clip(change.title or '', 200)}")
    for name in ("probability", "consequence"):
        if getattr(change, name) is None:
            scale(None, f"risk.field.{name}")
    if change.owner is None:
        raise RiskRefused("risk.error.owner", value="", known=", ".join(o.key for o in ORGANISATIONS))
    if change.title is None:
        clean_text(None, "risk.field.title", required=True)
    day = parse_date(raised_on) or dt.date.today()
    why = clean_text(note, "risk.field.note")
    with unit_of_work(engine) as session:
        row = _apply(session, {**DEFAULTS, "raised_on": day}, change)
        record = RiskRecord(created_by=clip(actor, WHO_WIDTH))
        session.add(record)
        session.flush()
        session.add(RiskVersion(risk_id=record.id, version_no=1, note=why, recorded_by=clip(actor, WHO_WIDTH), **row))
        audit.record(session, actor=clip(actor, WHO_WIDTH), action="risk.add",
                     target=clip(f"risk {record.id}: {row['title']}", TARGET_WIDTH),
                     detail={"risk_id": record.id, **{k: _audit_value(v) for k, v in row.items()}})
        return record.id


def _current(session: Session, risk_id: int) -> RiskVersion:
    version = session.scalar(select(RiskVersion).where(RiskVersion.risk_id == risk_id)
                             .order_by(RiskVersion.version_no.desc()).limit(1))
    if version is None:
        raise RiskRefused("risk.error.unknown", id=risk_id)
    return version


def update_risk(engine: Engine, risk_id: int, change: RiskChange, *, actor: str, note: str = "") -> int:
    """A new version of the risk with the changed fields; returns the version number. A closed or accepted risk
    changes only by being reopened (``status="open"``)."""
    if not change.given():
        raise RiskRefused("risk.error.nothing")
    with read_session(engine) as session:
        current = _current(session, risk_id)
        before_state = (current.owner.landsdel_key, _is_fut(current.owner.key, current.component_code))
        after_owner = change.owner if change.owner is not None else current.owner.key
        after_component = change.component if change.component is not None else current.component_code
        after_state = _owner_state(after_owner, after_component)
    _authorise(engine, actor, [before_state, after_state], f"risk {risk_id}")
    why = clean_text(note, "risk.field.note")
    with unit_of_work(engine) as session:
        current = _current(session, risk_id)
        if current.status is not RiskStatus.OPEN and (
                change.status is None or parse_status(change.status) is not RiskStatus.OPEN):
            raise RiskRefused("risk.error.closed", id=risk_id, status=current.status.value)
        before = _columns(current)
        row = _apply(session, before, change)
        changed = {k: {"before": _audit_value(before[k]), "after": _audit_value(v)}
                   for k, v in row.items() if before[k] != v}
        if not changed:
            raise RiskRefused("risk.error.nothing")
        number = current.version_no + 1
        session.add(RiskVersion(risk_id=risk_id, version_no=number, note=why, recorded_by=clip(actor, WHO_WIDTH),
                                **row))
        action = "risk.update" if row["status"] is RiskStatus.OPEN else f"risk.{row['status'].value}"
        audit.record(session, actor=clip(actor, WHO_WIDTH), action=action,
                     target=clip(f"risk {risk_id}: {row['title']}", TARGET_WIDTH),
                     detail={"risk_id": risk_id, "version": number, "changed": changed, "note": why})
        return number


def close_risk(engine: Engine, risk_id: int, *, decision: str | tuple[int, int], actor: str, note: str = "") -> int:
    """Close the risk with reference to the meeting decision that closed it; returns the version number."""
    return update_risk(engine, risk_id, RiskChange(status=RiskStatus.CLOSED, decision=decision), actor=actor,
                       note=note)


