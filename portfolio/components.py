"""FUT components: the secretariat adds them; feeds and milestone plans may then name them."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import Engine, func, or_, select
from sqlalchemy.orm import Session

from portfolio import audit
from portfolio.auth.permissions import Action, require
from portfolio.db import unit_of_work
from portfolio.domain import ComponentKind
from portfolio.i18n import register_messages, t
from portfolio.models import NAME_WIDTH, TARGET_WIDTH, Component
from portfolio.personal_data import contains_cpr
from portfolio.refusal import Refused
from portfolio.text import clip

CODE = re.compile(r"^[A-Z][A-Z0-9_]{1,39}$")

register_messages({
    "component.error.code": ("Koden »{code}« skal være 2–40 tegn: store bogstaver, cifre og _, fx KL_GATEWAY.",
                             "The code \"{code}\" must be 2–40 characters: capitals, digits and _, e.g. KL_GATEWAY."),
    "component.error.name": ("Komponenten skal have et navn.", "The component needs a name."),
    "component.error.exists": ("Der findes allerede en komponent med koden eller navnet »{value}«.",
                               "A component with the code or name \"{value}\" already exists."),
    "component.error.cpr": ("Teksten ligner et CPR-nummer; personoplysninger må ikke komme i porteføljen.",
                            "The text looks like a CPR number; personal data must not enter the portfolio."),
    "component.added": ("Komponenten {name} ({code}) er tilføjet.", "The component {name} ({code}) was added."),
})


class ComponentRefused(Refused):
    def __init__(self, key: str, **values: object) -> None:
        super().__init__(key)
        self.key, self.values = key, values

    def message(self, lang: str) -> str:
        return t(self.key, lang, **self.values)


@dataclass(frozen=True)
class ComponentRef:
    code: str
    name: str
    kind: ComponentKind
    description: str


def list_components(session: Session) -> list[ComponentRef]:
    rows = session.scalars(select(Component).order_by(Component.sort_order, Component.name))
    return [ComponentRef(c.code, c.name, c.kind, c.description) for c in rows]


def add_component(engine: Engine, *, actor: str, code: str, name: str, kind: ComponentKind,
                  description: str = "") -> ComponentRef:
    """Add a component (secretariat admins only; audited). Raises PermissionDenied or ComponentRefused."""
    code, name = code.strip().upper(), " ".join(name.split())
    if any(contains_cpr(text) for text in (code, name, description)):
        raise ComponentRefused("component.error.cpr")
    require(engine, actor, Action.MANAGE_COMPONENTS, target=clip(code, TARGET_WIDTH))
    if not CODE.match(code):
        raise ComponentRefused("component.error.code", code=code)
    if not name:
        raise ComponentRefused("component.error.name")
    with unit_of_work(engine) as session:
        clash = session.scalar(select(Component).where(or_(Component.code == code,
                                                           func.lower(Component.name) == name.lower())))
        if clash is not None:
            raise ComponentRefused("component.error.exists", value=clash.code if clash.code == code else name)
        order = (session.scalar(select(func.max(Component.sort_order))) or 0) + 1
        session.add(Component(code=code, name=clip(name, NAME_WIDTH), kind=kind,
                              description=description.strip(), sort_order=order))
        audit.record(session, actor=actor, action="component.add", target=code,
                     detail={"name": name, "kind": kind.value})
    return ComponentRef(code, name, kind, description.strip())
