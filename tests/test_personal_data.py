"""CPR numbers are recognised anywhere and only ever shown masked."""

from __future__ import annotations

import pytest

from portfolio.personal_data import find_cpr, may_hold_cpr


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


CPR_CELLS = ["310323-1234", "Borger 3103231234 ringede", 3103231234, 101901234.0, "CPR: 010190 1234", "7103231234"]


@pytest.mark.parametrize("value", CPR_CELLS)
def test_the_quick_sheet_check_never_misses_what_the_cell_check_finds(value):
    rows = [["Milepæl", "Status"], ["Pilot i Aalborg", "grøn"], [12.0, value, None]]
    assert find_cpr(value) is not None
    assert may_hold_cpr(rows)


def test_the_quick_sheet_check_passes_a_plan_without_personal_data():
    rows = [["ID", "Milepæl", "Dato"], ["1.2", "Udrulning i 12 kommuner", "2023-03-31"], [2023.0, 45, None],
            ["tlf 12345678", "31-03-2023", True]]
    assert not may_hold_cpr(rows)
