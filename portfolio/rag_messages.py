# ruff: noqa: E501 - message tables: one message per line reads better than wrapped lines
"""Messages of the derived RAG (portfolio/rag.py): the reasons it gives. Loaded by portfolio.i18n like every
``*messages.py``, so the root module rag.py does not depend on the dashboard wing."""

from __future__ import annotations

from portfolio.i18n import register_messages

MESSAGES: dict[str, tuple[str, str]] = {
    "rag.reason.key_slip": ("Nøglemilepæl {code} er skredet {days} dage ({count} nøglemilepæl(e) ≥ {limit} dage giver {level})",
                            "Key milestone {code} has slipped {days} days ({count} key milestone(s) ≥ {limit} days give {level})"),
    "rag.reason.inclusion": ("Inklusionen er {share} af det forventede mål (under {limit} giver {level})",
                             "Inclusion is {share} of the target due (below {limit} gives {level})"),
    "rag.reason.red_component": ("Milepæl {codes} afhænger af røde FUT-komponenter: {components} (giver mindst {level})",
                                 "Milestone(s) {codes} depend on red FUT components: {components} (gives at least {level})"),
    "rag.reason.none": ("Ingen regel slår ud: nøglemilepæle skredet under {days} dage, inklusion mindst {share} af målet, ingen røde afhængigheder",
                        "No rule fires: key milestones slipped less than {days} days, inclusion at least {share} of target, no red dependencies"),
}

register_messages(MESSAGES)
