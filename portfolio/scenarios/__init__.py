"""Saved scenarios: named "what if" assumptions (a FUT component slips N weeks; a landsdel's monthly inclusion
rate changes by N %) computed against a snapshot, compared side by side, and attached to (B) agenda items as
decision options."""
