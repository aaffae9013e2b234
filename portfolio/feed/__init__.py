"""The FUT infrastructure status feed: parse, fetch, store, export, and warn when stale.

See docs/feed-schema.md for the format and the settings (FUT_FEED_URL, FUT_STALE_DAYS).
"""

from portfolio.feed import messages as _messages  # noqa: F401 - registers Danish and English messages
