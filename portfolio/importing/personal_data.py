"""Moved to :mod:`portfolio.personal_data` (the one CPR gate); this name stays for code not yet repointed."""

from portfolio.personal_data import find_cpr, mask, mask_cpr, may_hold_cpr

__all__ = ["find_cpr", "mask", "mask_cpr", "may_hold_cpr"]
