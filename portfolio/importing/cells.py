"""One cell's value as people type it: text, counts, statuses (words, phrases, fill colours), flags and lists.

Dates and months are in ``dates``; these are the other cell parsers. Each takes a raw cell value (str, number,
bool, date, None) and either returns what it means, None for an empty cell, or raises.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from portfolio.domain import MilestoneStatus, Rag
from portfolio.importing import headers as H
from portfolio.models import CODE_WIDTH
from portfolio.text import clip

_FORMULA_FIRST = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")


def text_of(value: Any) -> str:
    if value is None:
        return ""
    if value.__class__ is str:  # most cells: the checks below are for the rest
        if value[:1] == "'" and value[1:2] and value[1:].startswith(_FORMULA_FIRST):
            return value[1:].strip()  # an export's apostrophe that kept "=…" from being a formula: the text itself
        return value.strip()  # type: ignore[no-any-return]
    if isinstance(value, bool):
        return "ja" if value else "nej"
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return f"{value:.6f}".rstrip("0").rstrip(".")
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


def blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


class CountError(ValueError):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def parse_count(value: Any) -> int | None:
    """A non-negative whole number from a cell: 12, 12.0, "12", "1.234" (Danish thousands)."""
    if value.__class__ in (int, float) and 0 <= value <= 10_000_000 and value == int(value):
        return int(value)  # the common case, a plain count, without the checks below
    if blank(value):
        return None
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise CountError("import.error.count_not_number")
    number = _count_of_text(value) if isinstance(value, str) else _count_of_number(value)
    if number is None:
        return None
    if number < 0:
        raise CountError("import.error.count_negative")
    if number > 10_000_000:
        raise CountError("import.error.count_not_number")
    return number


def _count_of_number(value: float) -> int:
    if value != value or value in (float("inf"), float("-inf")):
        raise CountError("import.error.count_not_number")
    if not float(value).is_integer():
        raise CountError("import.error.count_not_whole")
    return int(value)


def _count_of_text(value: str) -> int | None:
    text = value.strip().replace("\u00a0", "").replace(" ", "")
    if text in ("-", "–", "—"):
        return None
    if re.match(r"^[+-]?\d+$", text):
        return int(text)
    if re.match(r"^[+-]?\d{1,3}(\.\d{3})+$", text):  # Danish thousands: 1.234
        return int(text.replace(".", ""))
    if re.match(r"^[+-]?\d+[.,]0+$", text):
        return int(re.split(r"[.,]", text)[0])
    if re.match(r"^[+-]?\d*[.,]\d+$", text):
        raise CountError("import.error.count_not_whole")
    raise CountError("import.error.count_not_number")


_STATUS_WORDS: dict[str, MilestoneStatus] = {}
for _status, _words in (
    (MilestoneStatus.GREEN, ("grøn", "groen", "green", "g", "ok", "på sporet", "on track", "godt", "i plan")),
    (MilestoneStatus.AMBER, ("gul", "amber", "yellow", "orange", "y", "a", "gul/grøn", "i risiko", "at risk", "gult")),
    (MilestoneStatus.RED, ("rød", "roed", "red", "r", "kritisk", "forsinket", "late", "delayed", "off track")),
    (MilestoneStatus.DONE, ("afsluttet", "done", "færdig", "faerdig", "complete", "completed", "gennemført",
                            "lukket", "closed", "leveret", "delivered", "opnået", "achieved", "finished", "d",
                            "blå", "blue", "✓", "✔")),
    (MilestoneStatus.PAUSED, ("pause", "paused", "sat på pause", "på pause", "on hold", "udskudt", "stoppet",
                              "stopped", "p")),
):
    for _word in _words:
        _STATUS_WORDS[H.header_key(_word) or _word] = _status


# Status by meaning, when the words above do not match as a whole: stems in order of precedence ("Afsluttet
# forsinket" is done; "Risiko for forsinkelse" is at risk, not late). A negation turns on-track into late
# ("Ikke på sporet", "Not on track") and late into on-track ("Ikke forsinket").
_STATUS_STEMS: tuple[tuple[MilestoneStatus, tuple[str, ...]], ...] = (
    (MilestoneStatus.DONE, ("afslut", "faerdig", "gennemf", "complet", "done", "finish", "leveret", "deliver",
                            "lukket", "closed", "opnaa", "achiev", "implementeret", "udfoert")),
    (MilestoneStatus.PAUSED, ("pause", "hold", "udskudt", "stoppet", "stopped", "parkeret", "sat i bero", "bero",
                              "suspend", "deferred")),
    (MilestoneStatus.AMBER, ("gul", "amber", "yellow", "orange", "risiko", "risk", "udfordr", "opmaerksom", "watch",
                             "bekymr", "usikker", "uncertain", "concern")),
    (MilestoneStatus.RED, ("roed", "red", "forsink", "delay", "late", "kritisk", "critical", "behind", "overskred",
                           "overdue", "problem", "blocked", "blokeret")),
    (MilestoneStatus.GREEN, ("groen", "green", "sporet", "track", "plan", "godt", "ok", "fint", "forloeber",
                             "ikke startet", "ikke paabegyndt", "not started", "igang", "i gang", "in progress",
                             "progress", "igangvaerende", "kører", "koerer", "running")),
)
_NEGATIONS = ("ikke", "not", "off", "ej", "no")


def _status_by_meaning(text: str) -> MilestoneStatus | None:
    words = H.words_of(text)
    if not words or len(words) > 8:
        return None
    joined = " ".join(words)

    def has(stem: str) -> bool:
        if " " in stem:
            return f" {stem} " in f" {joined} "
        return any(w == stem if len(stem) <= 3 else w.startswith(stem) or (len(stem) >= 5 and stem in w)
                   for w in words)

    negated = any(w in _NEGATIONS for w in words)
    for status, stems in _STATUS_STEMS:
        if any(has(stem) for stem in stems):
            if negated and status is MilestoneStatus.GREEN and not any(has(s) for s in ("startet", "started",
                                                                                          "paabegyndt")):
                return MilestoneStatus.RED  # "ikke på sporet", "not on track", "off track"
            if negated and status is MilestoneStatus.RED:
                return MilestoneStatus.GREEN  # "ikke forsinket", "not delayed"
            return status
    return None


def parse_status(value: Any) -> MilestoneStatus | None:
    """A status word; None when empty. Raises ValueError when not understood."""
    if blank(value):
        return None
    text = text_of(value)
    key = H.header_key(text) or text.strip()
    if key in _STATUS_WORDS:
        return _STATUS_WORDS[key]
    found = _status_by_meaning(text)
    if found is not None:
        return found
    raise ValueError(text)


def parse_rag(value: Any) -> Rag | None:
    status = parse_status(value)
    if status in (MilestoneStatus.GREEN, MilestoneStatus.AMBER, MilestoneStatus.RED):
        return Rag(status.value)
    if status is None:
        return None
    raise ValueError(text_of(value))


def status_from_fill(rgb: str | None) -> MilestoneStatus | None:
    """Green, amber or red from a cell's fill colour ("00B050", "FFC000", "FF0000"); None otherwise."""
    if not rgb or len(rgb) < 6:
        return None
    try:
        r, g, b = (int(rgb[-6:][i:i + 2], 16) for i in (0, 2, 4))
    except ValueError:
        return None
    top, low = max(r, g, b), min(r, g, b)
    if top - low < 60:  # white, grey, black: no colour
        return None
    if b > max(r, g) - 20:  # blue, purple, cyan: not a traffic light
        return None
    if g > r + 40:
        return MilestoneStatus.GREEN
    if r > 150 and g > 110:
        return MilestoneStatus.AMBER
    if r > g + 40:
        return MilestoneStatus.RED
    return None


_TRUE = {"x", "ja", "yes", "y", "true", "sand", "1", "*", "nøgle", "noegle", "key", "j", "✓", "✔"}
_FALSE = {"", "nej", "no", "n", "false", "falsk", "0", "-"}


def parse_flag(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return value != 0
    text = text_of(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ValueError(text)


def split_list(value: Any) -> list[str]:
    text = text_of(value)
    if not text:
        return []
    parts = re.split(r"[;,\n]|\s+og\s+|\s+and\s+|\s*&\s*", text)
    return [p.strip() for p in parts if p and p.strip()]


def code_of(value: Any) -> str:
    return clip(text_of(value), CODE_WIDTH)
