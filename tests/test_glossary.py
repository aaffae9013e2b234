"""One Danish word per concept: no message uses a synonym the glossary rules out; field keys read as words."""

from __future__ import annotations

import re

import pytest

from portfolio.glossary import GLOSSARY, field_label, field_value
from portfolio.importing.headers import FIELDS_BY_KIND, IGNORE
from tests.support.catalogue import all_messages


def test_no_message_uses_an_avoided_synonym() -> None:
    found = []
    for key, (da, _en) in all_messages().items():
        for concept, entry in GLOSSARY.items():
            for word in entry.avoid:
                if re.search(rf"\b{re.escape(word)}", da, re.IGNORECASE):
                    found.append(f"{key}: '{word}' (say '{entry.da}' for {concept})")
    assert not found, "\n".join(found)


@pytest.mark.parametrize("lang", ["da", "en"])
def test_every_import_field_has_a_word(lang: str) -> None:
    for fields in FIELDS_BY_KIND.values():
        for field in fields:
            shown = field_label(field, lang)
            assert shown != field and "_" not in shown, field
    assert field_label("", lang) != field_label(IGNORE, lang)  # "choose" and "ignore" are not the same option


def test_field_values_read_as_words() -> None:
    assert field_value("status", "amber", "da") == "Gul"
    assert field_value("status", "done", "da") == "Afsluttet"
    assert field_value("forecast", "2023-03-01", "da") == "01.03.2023"
    assert field_value("comment", "", "da") == "–"
    assert field_value("comment", "Q3 2023", "da") == "Q3 2023"
