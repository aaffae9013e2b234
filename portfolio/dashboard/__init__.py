"""The read side (filled in below)."""
