"""Screens that fit the role: a form the user's role may not use is not drawn; one sentence says why and what the
role may do instead. (The services still check every write: this only decides what to draw.)"""

from __future__ import annotations

import streamlit as st

from portfolio.auth.accounts import AccountInfo
from portfolio.auth.roles import ALLOWED, Action
from portfolio.i18n import t
from portfolio.reference import LANDSDELE


def role_allows(account: AccountInfo, action: Action) -> bool:
    """Whether the role takes this kind of action at all (an editor's own landsdel is checked per file)."""
    return account.active and action in ALLOWED[account.role]


def own_landsdele(account: AccountInfo) -> str:
    names = {ld.key: ld.name for ld in LANDSDELE}
    return ", ".join(names.get(key, key) for key in account.landsdele) or "–"


def explain_not_allowed(account: AccountInfo, action: Action, lang: str) -> None:
    """One sentence in place of a form: who may, and what this user may do instead."""
    st.info(t("auth.not_drawn", lang, action=t(f"auth.action.{action.value}", lang),
              role=t(f"auth.role.{account.role.value}", lang))
            + " " + t(f"auth.instead.{account.role.value}", lang, own=own_landsdele(account)),
            icon=":material/lock:")
