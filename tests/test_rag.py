"""The derived RAG: rules with hand-chosen boundaries, reasons in both languages, the rules file."""

from __future__ import annotations

import pytest

from portfolio.domain import Rag
from portfolio.rag import DEFAULT_RULES_PATH, RagRules, RagRulesError, derive_rag, load_rules, rules_from_toml

RULES = RagRules()


def derive(key_slips=(), share=None, red=()):
    return derive_rag(key_slips=list(key_slips), inclusion_share=share, red_dependencies=list(red), rules=RULES)


def test_every_rule_fires_with_its_reason():
    derived = derive([("5.2", 304), ("9.3", 0)], 0.5, [("6.4", "Integration: KIH-databasen")])
    assert derived.rag is Rag.RED
    assert [(r.rule, r.rag) for r in derived.reasons] == [
        ("key_slip", Rag.RED), ("inclusion", Rag.RED), ("red_component", Rag.AMBER)]
    assert "5.2" in derived.reasons[0].da and "304 dage" in derived.reasons[0].da
    assert "304 days" in derived.reasons[0].text("en")
    assert "50 %" in derived.reasons[1].text("da") and "of the target" in derived.reasons[1].text("en")
    assert "KIH-databasen" in derived.reasons[2].text("da")


@pytest.mark.parametrize(("days", "expected"), [(29, Rag.GREEN), (30, Rag.AMBER), (89, Rag.AMBER), (90, Rag.RED)])
def test_key_milestone_slip_thresholds(days, expected):
    assert derive([("8.1", days)]).rag is expected


@pytest.mark.parametrize(("share", "expected"),
                         [(0.9, Rag.GREEN), (0.89, Rag.AMBER), (0.75, Rag.AMBER), (0.7499, Rag.RED)])
def test_inclusion_thresholds(share, expected):
    assert derive(share=share).rag is expected


def test_a_red_component_gives_at_least_the_configured_level():
    assert derive(red=[("6.4", "NemSMS")]).rag is Rag.AMBER
    stricter = RagRules(red_component_rag=Rag.RED)
    assert derive_rag(key_slips=[], inclusion_share=None, red_dependencies=[("6.4", "NemSMS")],
                      rules=stricter).rag is Rag.RED


def test_green_says_why_and_disagreement_is_detected():
    derived = derive([("8.1", 10)], 0.95)
    assert derived.rag is Rag.GREEN and derived.reasons[0].rule == "none"
    assert derived.disagrees_with(Rag.RED) and not derived.disagrees_with(Rag.GREEN)
    assert not derived.disagrees_with(None)


def test_rules_file_overrides_some_thresholds_and_keeps_defaults():
    rules = rules_from_toml("[key_milestones]\nslip_red_days = 120\n[inclusion]\nred_below_share = 0.5\n")
    assert (rules.key_slip_amber_days, rules.key_slip_red_days) == (30, 120)
    assert (rules.inclusion_amber_share, rules.inclusion_red_share) == (0.9, 0.5)


@pytest.mark.parametrize("text", [
    "[key_milestones]\nslip_amber_days = 100\nslip_red_days = 50\n",
    "[inclusion]\namber_below_share = 1.5\n",
    "[dependencies]\nred_component_gives = \"green\"\n",
    "[key_milestones]\nslip_amber_days = \"thirty\"\n",
    "[other]\nx = 1\n",
    "[key_milestones]\nslip_days = 3\n",
    "not toml at all [",
])
def test_bad_rules_are_refused_with_a_message(text):
    with pytest.raises(RagRulesError):
        rules_from_toml(text)


def test_the_shipped_file_holds_the_defaults_and_the_environment_names_another(tmp_path, monkeypatch):
    shipped = load_rules(DEFAULT_RULES_PATH)
    assert shipped == RagRules(source=str(DEFAULT_RULES_PATH))
    other = tmp_path / "rules.toml"
    other.write_text("[dependencies]\nred_component_gives = \"red\"\n")
    monkeypatch.setenv("RAG_RULES_PATH", str(other))
    assert load_rules().red_component_rag is Rag.RED
    monkeypatch.setenv("RAG_RULES_PATH", str(tmp_path / "missing.toml"))
    with pytest.raises(RagRulesError):
        load_rules()
