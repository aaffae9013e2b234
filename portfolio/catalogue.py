"""The national FUT catalogue (``data/fut_catalogue.toml``): reference data loaded by ``portfolio init``.

An entry is matched to a component a store already has by its code, its name or any alias (forgiving keys,
``portfolio.names``), so a store whose secretariat added "KL Gateway" under a code of its own keeps that one
component. The aliases are not stored: they are read from the file and apply to the matched component.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from portfolio.config import DATA_DIR
from portfolio.domain import ComponentKind
from portfolio.models import Component
from portfolio.names import NameIndex

CATALOGUE_PATH = DATA_DIR / "fut_catalogue.toml"


@dataclass(frozen=True)
class CatalogueEntry:
    code: str
    name: str
    kind: ComponentKind
    description: str
    aliases: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        return (self.code, self.name, *self.aliases)


@lru_cache(maxsize=4)
def read_catalogue(path: Path = CATALOGUE_PATH) -> tuple[CatalogueEntry, ...]:
    with path.open("rb") as handle:
        data = tomllib.load(handle)
    return tuple(
        CatalogueEntry(code=item["code"], name=item["name"], kind=ComponentKind(item["kind"]),
                       description=item.get("description", ""), aliases=tuple(item.get("aliases", ())))
        for item in data.get("component", ())
    )


def match_existing(entry: CatalogueEntry, existing: list[tuple[int, str, str]]) -> int | None:
    """The id of the stored component (id, code, name) that is this entry, or None."""
    for component_id, code, _ in existing:
        if code == entry.code:
            return component_id
    index = NameIndex()
    for component_id, code, name in existing:
        index.add(str(component_id), [code, name])
    for name in entry.names:
        found = index.resolve(name)
        if found is not None:
            return int(found)
    return None


def load_catalogue(session: Session) -> tuple[dict[str, Component], int]:
    """Add the entries the store lacks. Returns catalogue code -> the store's component for every entry, and
    how many were added."""
    components = {c.id: c for c in session.scalars(select(Component))}
    existing = [(c.id, c.code, c.name) for c in components.values()]
    was_empty = not components
    order = session.scalar(select(func.max(Component.sort_order))) or 0
    out: dict[str, Component] = {}
    added = 0
    for position, entry in enumerate(read_catalogue()):
        found = match_existing(entry, existing)
        if found is not None:
            out[entry.code] = components[found]
            continue
        component = Component(code=entry.code, name=entry.name, kind=entry.kind, description=entry.description,
                              sort_order=position if was_empty else order + position + 1)
        session.add(component)
        session.flush()
        components[component.id] = component
        existing.append((component.id, component.code, component.name))
        out[entry.code] = component
        added += 1
    return out, added


def component_index(components: list[tuple[str, str]]) -> NameIndex:
    """Stored components (code, name) under their codes, names and, for catalogue entries, aliases."""
    index = NameIndex()
    stored = [(n, code, name) for n, (code, name) in enumerate(components)]
    aliases: dict[str, tuple[str, ...]] = {}
    for entry in read_catalogue():
        found = match_existing(entry, stored)
        if found is not None:
            aliases[components[found][0]] = entry.names
    for code, name in components:
        index.add(code, [code, name, *aliases.get(code, ())], display=name)
    return index
