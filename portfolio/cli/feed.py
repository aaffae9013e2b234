"""FUT status feed commands: import-feed (a file or URL) and pull-feed (the configured URL, for cron)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from portfolio.cli.base import CommandContext
from portfolio.feed.settings import FeedSettings

if TYPE_CHECKING:
    from portfolio.feed.service import FeedResult

EXIT_OK, EXIT_REFUSED, EXIT_USAGE = 0, 1, 2


def register(subparsers: argparse._SubParsersAction) -> None:
    imp = subparsers.add_parser(
        "import-feed",
        help="indlæs FUT-statusfeed fra fil eller URL / import a FUT status feed from a file or URL",
        description="Exit 0: stored or unchanged; 1: refused (nothing stored); 2: usage.",
    )
    imp.add_argument("source", metavar="PATH_OR_URL", help="JSON, CSV or Excel file, or an http(s) URL")
    imp.add_argument("--json", action="store_true", help="maskinlæsbart output / machine-readable output")
    imp.set_defaults(handler=cmd_import_feed)
    pull = subparsers.add_parser(
        "pull-feed",
        help="hent det konfigurerede feed (FUT_FEED_URL) én gang / pull the configured feed once",
        description="For cron or a systemd timer. Exit 0: stored or unchanged; 1: refused or unreachable.",
    )
    pull.add_argument("--json", action="store_true", help="maskinlæsbart output / machine-readable output")
    pull.set_defaults(handler=cmd_pull_feed)


def _usage(ctx: CommandContext, message: str) -> int:
    print(f"portfolio import-feed: {message}", file=sys.stderr)
    return EXIT_USAGE


def _report(result: FeedResult, args: argparse.Namespace, ctx: CommandContext) -> int:
    from portfolio.outcome import REJECTED

    if args.json:
        ctx.emit_json(result.as_json(ctx.lang))
    elif result.status == REJECTED:
        print(result.summary(ctx.lang), file=sys.stderr)
        for problem in result.errors:
            print(f"  - {problem.describe(ctx.lang)}", file=sys.stderr)
    else:
        ctx.say(result.summary(ctx.lang))
    return EXIT_REFUSED if result.status == REJECTED else EXIT_OK


def cmd_import_feed(args: argparse.Namespace, ctx: CommandContext) -> int:
    from portfolio.feed.fetch import is_url
    from portfolio.feed.parse import Problem
    from portfolio.feed.service import FeedResult, ingest_feed, pull_feed
    from portfolio.outcome import REJECTED

    settings = FeedSettings.from_env()
    source: str = args.source
    if is_url(source):
        result = pull_feed(ctx.engine, source, actor=ctx.user, settings=settings)
        return _report(result, args, ctx)
    if "://" in source:
        return _usage(ctx, ctx.msg("feed.error.url_scheme", url=source))
    path = Path(source)
    if not path.is_file():
        return _usage(ctx, ctx.msg("feed.error.file", path=source, error="not a file / ikke en fil"))
    try:
        if path.stat().st_size > settings.max_bytes:
            result = FeedResult(REJECTED, 0, [Problem.of("feed.error.file_too_large", path=path.name,
                                                         limit=settings.max_bytes)], path.name)
            return _report(result, args, ctx)
        data = path.read_bytes()
    except OSError as error:
        return _usage(ctx, ctx.msg("feed.error.file", path=source, error=error.strerror or str(error)))
    result = ingest_feed(ctx.engine, data, path.name, actor=ctx.user)
    return _report(result, args, ctx)


def cmd_pull_feed(args: argparse.Namespace, ctx: CommandContext) -> int:
    from portfolio.feed.parse import Problem
    from portfolio.feed.service import FeedResult, pull_feed
    from portfolio.outcome import REJECTED

    settings = FeedSettings.from_env()
    if not settings.url:
        result = FeedResult(REJECTED, 0, [Problem.of("feed.error.no_url")], "")
        return _report(result, args, ctx)
    return _report(pull_feed(ctx.engine, settings.url, actor=ctx.user, settings=settings), args, ctx)
