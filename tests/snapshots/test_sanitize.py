"""neutralise: the one formula-injection rule every export uses."""

import pytest

from portfolio.snapshots.sanitize import is_neutral, neutralise


@pytest.mark.parametrize("text", ["=1+2", "+45 1234", "-2+3", "@SUM(A1)", "\t=cmd", "\r=cmd", "＝1+1",
                                  '=HYPERLINK("http://x")'])
def test_formula_starts_get_an_apostrophe(text):
    assert neutralise(text) == "'" + text
    assert is_neutral(neutralise(text))


@pytest.mark.parametrize("value", ["KOL", "Møde 8. september", "", "3.1 Behandlingstilbud", "a=b", 12, None, 1.5])
def test_ordinary_values_pass_unchanged(value):
    assert neutralise(value) == value


def test_neutralising_twice_changes_nothing_more():
    assert neutralise(neutralise("=x")) == "'=x"
