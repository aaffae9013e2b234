"""CPR numbers are recognised anywhere and only ever shown masked."""

from __future__ import annotations

import pytest

from portfolio.importing.personal_data import find_cpr


@pytest.mark.parametrize(("value", "masked"), [
    ("310323-1234", "3103**-****"),
    ("Borger 3103231234 ringede", "3103**-****"),
    (3103231234, "3103**-****"),
    (101901234.0, "0101**-****"),  # 010190-1234 typed as a number loses its leading zero
    ("CPR: 010190 1234", "0101**-****"),
    ("7103231234", "7103**-****"),  # erstatningspersonnummer: day + 60
])
def test_found_and_masked(value, masked):
    assert find_cpr(value) == masked
    assert "1234" not in find_cpr(value)


@pytest.mark.parametrize("value", ["123456-7890", "2023-03-31", "31-03-2023", "4512345678", "tlf 12345678",
                                   12, 2023.0, None, "Q2 2023", "99999999999", "320199-1234"])
def test_not_a_cpr(value):
    assert find_cpr(value) is None
