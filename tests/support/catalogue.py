"""Every message the app can show (every catalogue and registering module loaded), and a matcher for shown texts."""

from __future__ import annotations

import importlib
import re
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _registering_modules() -> list[str]:
    """Modules outside the ``*messages.py`` catalogues that register messages of their own (a form's, a CLI
    command's): found by their source, so a new one is covered without being listed here."""
    return [".".join(path.relative_to(ROOT).with_suffix("").parts)
            for package in ("portfolio", "ui") for path in sorted((ROOT / package).rglob("*.py"))
            if "register_messages(" in path.read_text(encoding="utf-8") and path.name != "i18n.py"]


def all_messages() -> dict[str, tuple[str, str]]:
    """Every message the app can show: the catalogues i18n loads itself, and the modules registering their own."""
    from portfolio.i18n import LABELS, MESSAGES, load_catalogues

    load_catalogues()
    for name in _registering_modules():
        importlib.import_module(name)
    return {**MESSAGES, **{f"label.{type(k).__name__}.{k.value}": v for k, v in LABELS.items()}}


@lru_cache(maxsize=2)
def _patterns(lang: str) -> tuple[re.Pattern[str], ...]:
    out = []
    for da, en in all_messages().values():
        text = en if lang == "en" else da
        parts = re.split(r"\{[a-z_]+\}", text)
        out.append(re.compile(".+?".join(re.escape(p) for p in parts), re.DOTALL))
    return tuple(out)


def in_catalogue(text: str, lang: str) -> bool:
    """Whether ``text`` is one of the catalogue's messages in ``lang`` (placeholders filled with anything)."""
    return any(p.fullmatch(text.strip()) for p in _patterns(lang))
