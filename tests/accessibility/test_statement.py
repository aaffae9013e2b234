"""Issue #19: docs/accessibility.md (the tilgængelighedserklæring) stays true: the README links it, the pages it
says are checked are the app's pages, the theme's colours meet the contrast minimums, colour is not the only
carrier of the milestone status."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from portfolio.dashboard.charts.base import HEALTH_STYLE, HEALTH_SYMBOL
from tests.browser.test_accessibility_browser import PAGES

ROOT = Path(__file__).resolve().parents[2]
STATEMENT = ROOT / "docs" / "accessibility.md"


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour.lstrip("#")[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_the_readme_links_the_statement():
    assert "docs/accessibility.md" in (ROOT / "README.md").read_text(encoding="utf-8")
    text = STATEMENT.read_text(encoding="utf-8")
    for heading in ("## Overholdelsesstatus", "## Hvad er ikke opfyldt", "## Feedback og kontakt", "## Håndhævelse"):
        assert heading in text


def test_every_page_of_the_app_is_checked_by_axe():
    app = (ROOT / "app.py").read_text(encoding="utf-8")
    assert set(re.findall(r'url_path="([a-z_]+)"', app)) == set(PAGES)


def test_theme_colours_meet_the_contrast_minimums():
    theme = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))["theme"]
    for background in (theme["backgroundColor"], theme["secondaryBackgroundColor"]):
        assert contrast(theme["textColor"], background) >= 4.5
        assert contrast(theme["primaryColor"], background) >= 4.5  # buttons' and links' text and borders
        assert contrast(theme["linkColor"], background) >= 4.5


def test_colour_is_not_the_only_carrier():
    assert len(set(HEALTH_SYMBOL.values())) == len(HEALTH_SYMBOL)  # each status its own marker shape
    patterns = [pattern for _, pattern in HEALTH_STYLE.values()]
    assert len(set(patterns)) >= len(patterns) - 1  # the bars' patterns: only "done" and "on track" share none


def test_every_test_the_statement_names_exists():
    """Each `tests/….py` (and `::test_name`) in the statement is a real file (and test): the statement cannot point
    at a check that is gone."""
    text = STATEMENT.read_text(encoding="utf-8")
    named = re.findall(r"`(tests/[\w/]+\.py)(?:::(\w+))?", text)
    assert len(named) >= 8
    for path, name in named:
        source = (ROOT / path).read_text(encoding="utf-8")
        if name:
            assert f"def {name}(" in source, (path, name)


def test_what_is_met_is_not_also_listed_as_not_met():
    """Points the statement once listed as not met and that the tests now show met stay out of that list."""
    text = STATEMENT.read_text(encoding="utf-8")
    not_met = text.split("## Hvad er ikke opfyldt", 1)[1].split("## Feedback", 1)[0]
    for gone in ("Importér", "Importknappen", "genindlæs", "F5", "under 3:1"):
        assert gone not in not_met, gone
    met = text.split("## Hvad er opfyldt", 1)[1].split("## Hvad er ikke opfyldt", 1)[0]
    assert "uden genindlæsning" in met and "portfolio/palette.py" in met and "import af en projektmappe" in met
