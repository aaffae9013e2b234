"""The risk log's vocabulary: status, strategy, the signal kinds a warning lamp can be bound to."""

from __future__ import annotations

from enum import StrEnum


class RiskStatus(StrEnum):
    OPEN = "open"  # åben
    CLOSED = "closed"  # lukket (by a meeting decision)
    ACCEPTED = "accepted"  # accepteret (by a meeting decision)


class Strategy(StrEnum):
    AVOID = "avoid"  # undgå
    REDUCE = "reduce"  # reducér
    TRANSFER = "transfer"  # overfør
    ACCEPT = "accept"  # acceptér


class MitigationStatus(StrEnum):
    PLANNED = "planned"
    ONGOING = "ongoing"
    DONE = "done"


class SignalKind(StrEnum):
    """What a lamp watches (``KIND:ARG``) and what its threshold means."""

    FUT_STALE = "fut_stale"  # ARG a component code; threshold: days without a status report
    FUT_SLIP = "fut_slip"  # ARG a component code; threshold: days the forecast moved later since the report before
    MILESTONE_SLIP = "milestone_slip"  # ARG a landsdel key, or KEY/MILESTONE; threshold: days of slip
    INCLUSION = "inclusion"  # ARG a landsdel key; threshold: per cent below the count due by the date
    RAG_RED = "rag_red"  # ARG a landsdel key; the derived RAG is red (no threshold)


# Danish words people type for the strategy and status (the CLI and the workbook accept both languages).
STRATEGY_WORDS = {
    "undga": Strategy.AVOID, "undgaa": Strategy.AVOID, "avoid": Strategy.AVOID,
    "reducer": Strategy.REDUCE, "reduce": Strategy.REDUCE,
    "overfor": Strategy.TRANSFER, "overfoer": Strategy.TRANSFER, "transfer": Strategy.TRANSFER,
    "accepter": Strategy.ACCEPT, "accept": Strategy.ACCEPT,
}
STATUS_WORDS = {
    "aben": RiskStatus.OPEN, "aaben": RiskStatus.OPEN, "open": RiskStatus.OPEN,
    "lukket": RiskStatus.CLOSED, "closed": RiskStatus.CLOSED,
    "accepteret": RiskStatus.ACCEPTED, "accepted": RiskStatus.ACCEPTED,
}
MITIGATION_WORDS = {
    "planlagt": MitigationStatus.PLANNED, "planned": MitigationStatus.PLANNED,
    "igang": MitigationStatus.ONGOING, "i gang": MitigationStatus.ONGOING, "ongoing": MitigationStatus.ONGOING,
    "udfort": MitigationStatus.DONE, "udfoert": MitigationStatus.DONE, "done": MitigationStatus.DONE,
}


def fold_word(text: str) -> str:
    """Lower case, Danish letters folded, accents dropped: "Reducér" -> "reducer", "Åben" -> "aaben"."""
    import unicodedata

    lowered = (text or "").strip().lower().replace("æ", "ae").replace("ø", "oe").replace("å", "aa")
    return "".join(c for c in unicodedata.normalize("NFKD", lowered) if not unicodedata.combining(c))
