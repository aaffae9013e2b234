"""The accounts `portfolio init` and `portfolio demo` create, with a password from the environment or generated."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import Engine

from portfolio.auth.accounts import AccountError, ensure_admin, ensure_demo_accounts, missing_demo_accounts
from portfolio.auth.passwords import generate_password, weak_password_reason
from portfolio.auth.permissions import find_account
from portfolio.config import env
from portfolio.db import unit_of_work

ADMIN_PASSWORD_ENV = "PORTFOLIO_ADMIN_PASSWORD"
DEMO_PASSWORD_ENV = "PORTFOLIO_DEMO_PASSWORD"


class WeakEnvironmentPassword(AccountError):
    def __init__(self, variable: str, reason: str) -> None:
        from portfolio.i18n import t

        super().__init__("auth.cli.env_password_weak", variable=variable, reason=t(reason, "en"))
        self.variable, self.reason = variable, reason

    def message(self, lang: str) -> str:
        from portfolio.i18n import t

        return t(self.key, lang, variable=self.variable, reason=t(self.reason, lang))


@dataclass(frozen=True)
class Created:
    usernames: list[str] = field(default_factory=list)
    generated_password: str | None = None  # to print once; None when it came from the environment


def _password(variable: str) -> tuple[str, bool]:
    given = env(variable)
    if given:
        reason = weak_password_reason(given)
        if reason:
            raise WeakEnvironmentPassword(variable, reason)
        return given, False
    return generate_password(), True


def create_admin_if_missing(engine: Engine, *, actor: str = "portfolio init") -> Created:
    """The ``admin`` account, when missing: password from ``PORTFOLIO_ADMIN_PASSWORD`` or generated."""
    with unit_of_work(engine) as session:
        if find_account(session, "admin") is not None:
            return Created()
        password, generated = _password(ADMIN_PASSWORD_ENV)
        ensure_admin(session, password=password, actor=actor)
    return Created(["admin"], password if generated else None)


def demo_password() -> tuple[str, bool]:
    """The demo accounts' password and whether it was generated; raises WeakEnvironmentPassword for a weak
    ``PORTFOLIO_DEMO_PASSWORD``, so that `portfolio demo` can refuse before it stores anything."""
    return _password(DEMO_PASSWORD_ENV)


def create_demo_accounts(engine: Engine, *, actor: str, password: tuple[str, bool] | None = None) -> Created:
    """One account per role but admin (see DEMO_ACCOUNTS): password from ``PORTFOLIO_DEMO_PASSWORD`` or
    generated (or ``password``, as :func:`demo_password` gave it)."""
    with unit_of_work(engine) as session:
        if not missing_demo_accounts(session):
            return Created()
        password, generated = password or _password(DEMO_PASSWORD_ENV)
        created = ensure_demo_accounts(session, actor=actor, password=password)
    return Created(created, password if generated and created else None)
