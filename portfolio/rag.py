"""Derived RAG: a traffic light computed from explicit rules, next to the one each landsdel reports.

Rules (thresholds in :class:`RagRules`, read from ``data/rag_rules.toml``; the environment variable
``RAG_RULES_PATH`` names another file; documented in docs/rag-rules.md):

1. Key milestones: the largest slip of an open key milestone (see
   :func:`portfolio.metrics.effective_slip_days`) ≥ ``key_slip_red_days`` → red,
   ≥ ``key_slip_amber_days`` → amber.
2. Inclusion: active citizens as a share of the target due by the reporting date
   < ``inclusion_red_share`` → red, < ``inclusion_amber_share`` → amber (no target due yet: no rule).
3. Dependencies: an open milestone hanging on a FUT component whose latest status is red
   → at least ``red_component_rag`` (amber by default).

The derived RAG is the worst the rules give (green when none fires), with every reason that fired.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, fields
from pathlib import Path

from portfolio.config import env
from portfolio.domain import Rag
from portfolio.i18n import format_number, format_share, label, t
from portfolio.metrics import effective_slip_days, rag_rollup

DEFAULT_RULES_PATH = Path(__file__).resolve().parents[1] / "data" / "rag_rules.toml"
ENV_VAR = "RAG_RULES_PATH"


class RagRulesError(ValueError):
    """The rules file cannot be read or holds thresholds that contradict each other."""


@dataclass(frozen=True)
class RagRules:
    key_slip_amber_days: int = 30
    key_slip_red_days: int = 90
    inclusion_amber_share: float = 0.90
    inclusion_red_share: float = 0.75
    red_component_rag: Rag = Rag.AMBER
    source: str = "defaults"

    def __post_init__(self) -> None:
        if not 0 <= self.key_slip_amber_days <= self.key_slip_red_days:
            raise RagRulesError("key milestones: 0 ≤ slip_amber_days ≤ slip_red_days must hold")
        if not 0 <= self.inclusion_red_share <= self.inclusion_amber_share <= 1:
            raise RagRulesError("inclusion: 0 ≤ red_below_share ≤ amber_below_share ≤ 1 must hold")
        if self.red_component_rag not in (Rag.AMBER, Rag.RED):
            raise RagRulesError("dependencies: red_component_gives must be 'amber' or 'red'")


# TOML section and key → RagRules field
_TOML_KEYS = {
    ("key_milestones", "slip_amber_days"): "key_slip_amber_days",
    ("key_milestones", "slip_red_days"): "key_slip_red_days",
    ("inclusion", "amber_below_share"): "inclusion_amber_share",
    ("inclusion", "red_below_share"): "inclusion_red_share",
    ("dependencies", "red_component_gives"): "red_component_rag",
}


def _settings(data: dict[str, object], source: str) -> dict[str, object]:
    """The TOML's settings by RagRules field; an unknown section or setting is refused."""
    known_sections = {section for section, _ in _TOML_KEYS}
    values: dict[str, object] = {}
    for section, table in data.items():
        if section not in known_sections or not isinstance(table, dict):
            raise RagRulesError(f"{source}: unknown section [{section}]")
        for key, value in table.items():
            field = _TOML_KEYS.get((section, key))
            if field is None:
                raise RagRulesError(f"{source}: unknown setting {section}.{key}")
            values[field] = value
    return values


def _typed(name: str, value: object, kind: object, source: str) -> object:
    """A setting's value as its RagRules field holds it: a Rag, whole days, or a share."""
    if name == "red_component_rag":
        return Rag(str(value))
    if kind == "int":
        if isinstance(value, bool) or not isinstance(value, int):
            raise RagRulesError(f"{source}: {name} must be a whole number of days")
        return value
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise RagRulesError(f"{source}: {name} must be a share between 0 and 1")
    return float(value)


def rules_from_toml(text: str, source: str = "toml") -> RagRules:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise RagRulesError(f"{source}: {error}") from error
    types = {f.name: f.type for f in fields(RagRules)}
    try:
        values = {name: _typed(name, value, types[name], source) for name, value in _settings(data, source).items()}
        return RagRules(**values, source=source)  # type: ignore[arg-type]
    except ValueError as error:
        raise RagRulesError(f"{source}: {error}") from error


def load_rules(path: str | Path | None = None) -> RagRules:
    """The rules in force: ``path``, else $RAG_RULES_PATH, else data/rag_rules.toml, else the defaults."""
    chosen = Path(path or env(ENV_VAR) or DEFAULT_RULES_PATH)
    if not chosen.exists():
        if path or env(ENV_VAR):
            raise RagRulesError(f"{chosen}: no such rules file")
        return RagRules()
    return rules_from_toml(chosen.read_text(encoding="utf-8"), source=str(chosen))


# --- deriving ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Reason:
    rule: str  # "key_slip", "inclusion", "red_component", "none"
    rag: Rag
    da: str
    en: str

    def text(self, lang: str) -> str:
        return self.en if lang == "en" else self.da


@dataclass(frozen=True)
class DerivedRag:
    rag: Rag
    reasons: tuple[Reason, ...]

    def disagrees_with(self, reported: Rag | None) -> bool:
        return reported is not None and Rag(reported) is not self.rag

    def text(self, lang: str) -> str:
        return "; ".join(reason.text(lang) for reason in self.reasons)


def _reason(rule: str, rag: Rag, key: str, values: Callable[[str], dict[str, object]]) -> Reason:
    return Reason(rule, rag, t(key, "da", **values("da")), t(key, "en", **values("en")))


def derive_rag(*, key_slips: Sequence[tuple[str, int]], inclusion_share: float | None,
               red_dependencies: Sequence[tuple[str, str]], rules: RagRules) -> DerivedRag:
    """Apply the rules to one landsdel's latest plan.

    ``key_slips``: (code, slip days) of its open key milestones; ``inclusion_share``: active citizens /
    target due now (None: no target due); ``red_dependencies``: (milestone code, component name) of
    open milestones hanging on a red component.
    """
    reasons: list[Reason] = []
    if key_slips:
        code, days = max(key_slips, key=lambda item: item[1])
        level = (Rag.RED if days >= rules.key_slip_red_days
                 else Rag.AMBER if days >= rules.key_slip_amber_days else None)
        if level is not None:
            limit = rules.key_slip_red_days if level is Rag.RED else rules.key_slip_amber_days
            over = sum(1 for _, d in key_slips if d >= limit)
            reasons.append(_reason("key_slip", level, "rag.reason.key_slip", lambda lang: {
                "code": code, "days": format_number(days, lang), "count": over,
                "limit": format_number(limit, lang), "level": label(level, lang).lower()}))
    if inclusion_share is not None:
        level = (Rag.RED if inclusion_share < rules.inclusion_red_share
                 else Rag.AMBER if inclusion_share < rules.inclusion_amber_share else None)
        if level is not None:
            limit = rules.inclusion_red_share if level is Rag.RED else rules.inclusion_amber_share
            reasons.append(_reason("inclusion", level, "rag.reason.inclusion", lambda lang: {
                "share": format_share(inclusion_share, lang), "limit": format_share(limit, lang),
                "level": label(level, lang).lower()}))
    if red_dependencies:
        components = sorted({name for _, name in red_dependencies})
        codes = sorted({code for code, _ in red_dependencies})
        reasons.append(_reason("red_component", rules.red_component_rag, "rag.reason.red_component", lambda lang: {
            "codes": ", ".join(codes), "components": ", ".join(components),
            "level": label(rules.red_component_rag, lang).lower()}))
    if not reasons:
        return DerivedRag(Rag.GREEN, (_reason("none", Rag.GREEN, "rag.reason.none", lambda lang: {
            "days": format_number(rules.key_slip_amber_days, lang),
            "share": format_share(rules.inclusion_amber_share, lang)}),))
    return DerivedRag(rag_rollup(r.rag for r in reasons) or Rag.GREEN, tuple(reasons))


# --- what the rules read of a plan, assembled once --------------------------------------------------


def red_components(states: Iterable[tuple[str, str, Rag | str | None]]) -> dict[str, str]:
    """Code → name of the FUT components whose latest status is red, from (code, name, latest RAG)."""
    return {code: name for code, name, rag in states if rag is not None and Rag(rag) is Rag.RED}


def plan_rag(*, open_key_milestones: Iterable[tuple[str, dt.date, dt.date | None]],
             open_component_links: Iterable[tuple[str, str]], red: Mapping[str, str],
             inclusion_share: float | None, as_of: dt.date, rules: RagRules) -> DerivedRag:
    """The derived RAG of one landsdel's latest plan, from what the rules read of it. The overview (from the
    queries) and the snapshot freeze (from the frozen plan) both come here, so the two cannot drift apart.

    ``open_key_milestones``: (code, baseline, forecast) of its key milestones with a baseline, not done by ``as_of``;
    ``open_component_links``: (milestone code, component code) of its milestones not done by ``as_of`` that hang on
    a FUT component; ``red``: :func:`red_components`; ``inclusion_share``: active citizens / target due now.
    """
    slips = [(code, days) for code, baseline, forecast in open_key_milestones
             if (days := effective_slip_days(baseline=baseline, forecast=forecast, as_of=as_of)) is not None]
    red_dependencies = [(code, red[component]) for code, component in open_component_links if component in red]
    return derive_rag(key_slips=slips, inclusion_share=inclusion_share, red_dependencies=red_dependencies,
                      rules=rules)
