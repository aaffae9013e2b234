"""Names the way people write them: one forgiving key per name, and the nearest known names for one that is not.

``name_keys("Integration til KIH-databasen")`` gives the keys under which the text is looked up: case, spaces,
hyphens and slashes do not count, nor a part in parentheses, a prefix such as "Integration:" / "Integration til" /
"FUT", or a Danish definite ending (-en, -et, -n). Known names are indexed under the same keys, so "KIH database",
"kih-databasen" and "Integration: KIH-databasen" meet. A key that two known things share is left out: it
resolves to nothing rather than to the wrong one.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable

_PARENS = re.compile(r"\s*[(\[][^)\]]*[)\]]\s*")
_PREFIXES = re.compile(
    r"^\s*(?:integration(?:en)?(?:\s+(?:til|med|mod|af))?\s*[:\-–]?|afhænger\s+af\s*:?|afhængig\s+af\s*:?"
    r"|depends\s+on\s*:?|fut[\s:\-–]+|komponent(?:en)?\s*:?|component\s*:?|modul(?:et)?\s*:|løsning(?:en)?\s*:"
    r"|the\s+)\s*",
    re.IGNORECASE,
)
_DEFINITE = ("erne", "ene", "en", "et", "n")


def fold(text: object) -> str:
    """Lower case, æøå folded, accents dropped, only letters and digits kept."""
    value = str(text or "").strip().lower()
    value = value.replace("æ", "ae").replace("ø", "oe").replace("å", "aa")
    value = unicodedata.normalize("NFKD", value)
    value = "".join(ch for ch in value if not unicodedata.combining(ch))
    return re.sub(r"[^0-9a-z]", "", value)[:200]


def _variants(key: str) -> list[str]:
    out = [key]
    if len(key) > 4:
        for ending in _DEFINITE:
            if key.endswith(ending) and len(key) - len(ending) >= 3:
                out.append(key[: -len(ending)])
    return out


def _stripped(text: str) -> list[str]:
    """The text, and the text without prefixes and parenthesised parts (each step kept)."""
    out = [text]
    current = text
    for _ in range(3):
        shorter = _PREFIXES.sub("", current, count=1)
        shorter = _PARENS.sub(" ", shorter).strip()
        if not shorter or shorter == current:
            break
        out.append(shorter)
        current = shorter
    return out


def name_keys(text: object) -> list[str]:
    """The keys a written name is looked up under, most literal first (no duplicates, no empty keys)."""
    raw = str(text or "")
    keys: list[str] = []
    for part in _stripped(raw):
        for key in _variants(fold(part)):
            if key and key not in keys:
                keys.append(key)
    return keys


def known_keys(name: str) -> list[str]:
    """The keys a known name is indexed under: as ``name_keys``, plus a part in parentheses ("… (KAM)")."""
    keys = name_keys(name)
    for inner in re.findall(r"[(\[]([^)\]]+)[)\]]", name):
        for key in name_keys(inner):
            if key not in keys:
                keys.append(key)
    return keys


class NameIndex:
    """Known things (by a value such as a code) under every key of each of their names."""

    def __init__(self) -> None:
        self._values: dict[str, set[str]] = {}
        self._names: dict[str, str] = {}  # display name -> value, for suggestions

    def add(self, value: str, names: Iterable[str], *, display: str | None = None) -> None:
        for name in names:
            if not name:
                continue
            for key in known_keys(name):
                self._values.setdefault(key, set()).add(value)
        if display:
            self._names.setdefault(display, value)

    def resolve(self, text: object) -> str | None:
        """The one known value the text names, or None (unknown, or shared by two)."""
        for key in name_keys(text):
            values = self._values.get(key)
            if values and len(values) == 1:
                return next(iter(values))
        return None

    def suggest(self, text: object, n: int = 3) -> list[str]:
        """The display names nearest to the text, nearest first."""
        return suggest(text, self._names, n)

    def suggest_values(self, text: object, n: int = 3) -> list[str]:
        """The values (codes) of the nearest names, nearest first."""
        return [self._names[name] for name in self.suggest(text, n)]

    def __contains__(self, text: object) -> bool:
        return self.resolve(text) is not None


_GENERIC = {"integration", "integrationen", "modul", "modulet", "loesning", "loesningen", "komponent", "system",
            "platform", "database", "databasen", "administrativt", "kommunal", "kommunernes", "national"}


def _name_words(name: str) -> list[str]:
    return [fold(w) for w in re.split(r"[\s/:()\-–]+", name) if w]


def suggest(text: object, names: Iterable[str], n: int = 3) -> list[str]:
    """Known names near the written one: by similarity of their keys, or one containing the other."""
    wanted = name_keys(text)
    if not wanted:
        return []
    by_key: dict[str, str] = {}
    for name in names:
        for key in known_keys(name):
            by_key.setdefault(key, name)
    scored: dict[str, float] = {}
    for want in wanted:
        for key, name in by_key.items():
            ratio = difflib.SequenceMatcher(None, want, key).ratio()
            if len(want) >= 3 and len(key) >= 3 and (want in key or key in want):
                ratio = max(ratio, 0.8)
            if ratio >= 0.6:
                scored[name] = max(scored.get(name, 0.0), ratio)
    for name in by_key.values():  # a distinctive word of the name inside what was written: "…gatewayen"
        if name not in scored and any(len(w) >= 5 and w not in _GENERIC and w in wanted[0] for w in _name_words(name)):
            scored[name] = 0.5
    return [name for name, _ in sorted(scored.items(), key=lambda kv: (-kv[1], kv[0]))[:n]]
