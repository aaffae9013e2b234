"""Settings of the FUT status feed, read from the environment (see docs/feed-schema.md)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from portfolio.config import environment

DEFAULT_STALE_DAYS = 45
DEFAULT_TIMEOUT = 10.0
DEFAULT_MAX_BYTES = 5 * 1024 * 1024
DEFAULT_RETRIES = 2
DEFAULT_DEADLINE = 30.0


def _number(environ: Mapping[str, str], name: str, default: float, kind: type, minimum: float) -> float:
    raw = (environ.get(name) or "").strip()
    if not raw:
        return default
    try:
        value = kind(raw)
    except ValueError:
        return default  # a broken setting must not take the page down; the default is documented
    return value if value >= minimum else default


@dataclass(frozen=True)
class FeedSettings:
    url: str | None = None  # FUT_FEED_URL: the feed pulled by "Pull now" and `portfolio pull-feed`
    stale_days: int = DEFAULT_STALE_DAYS  # FUT_STALE_DAYS: warn when a component is quiet this long
    timeout: float = DEFAULT_TIMEOUT  # FUT_FEED_TIMEOUT: seconds per network operation
    max_bytes: int = DEFAULT_MAX_BYTES  # FUT_FEED_MAX_BYTES: refuse larger bodies
    retries: int = DEFAULT_RETRIES  # FUT_FEED_RETRIES: extra attempts after a connection error or 5xx
    backoff: float = 0.5  # seconds before the first retry; doubles each time
    deadline: float = DEFAULT_DEADLINE  # FUT_FEED_DEADLINE: seconds for the whole fetch, retries included

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> FeedSettings:
        env = environment() if environ is None else environ
        return cls(
            url=(env.get("FUT_FEED_URL") or "").strip() or None,
            stale_days=int(_number(env, "FUT_STALE_DAYS", DEFAULT_STALE_DAYS, int, 1)),
            timeout=float(_number(env, "FUT_FEED_TIMEOUT", DEFAULT_TIMEOUT, float, 0.1)),
            max_bytes=int(_number(env, "FUT_FEED_MAX_BYTES", DEFAULT_MAX_BYTES, int, 1)),
            retries=int(_number(env, "FUT_FEED_RETRIES", DEFAULT_RETRIES, int, 0)),
            deadline=float(_number(env, "FUT_FEED_DEADLINE", DEFAULT_DEADLINE, float, 1)),
        )
