"""Every message the app can show (all feature packages registered), and a matcher for shown texts."""

from __future__ import annotations

import importlib
import re
from functools import lru_cache

# Every module that registers messages; importing them fills portfolio.i18n.MESSAGES.
MESSAGE_MODULES = (
    "portfolio.dashboard.messages", "portfolio.snapshots.messages", "portfolio.auth.messages",
    "portfolio.importing.messages", "portfolio.feed.messages", "portfolio.components", "portfolio.cli.generate",
    "portfolio.glossary", "ui.component_form", "ui.uploads",
)


def all_messages() -> dict[str, tuple[str, str]]:
    for name in MESSAGE_MODULES:
        importlib.import_module(name)
    from portfolio.i18n import LABELS, MESSAGES

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
