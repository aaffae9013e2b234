"""The `portfolio` command. Exit codes: 0 success, 1 refused, 2 usage error. Never a traceback.

Commands live in the modules of this package; each module that defines
``register(subparsers)`` is picked up, so a new command is a new module. Every module is imported to build
the parser, so a command module imports its services inside its handlers: `portfolio import-plan` then
starts without loading pandas, Alembic or the snapshot exporters. A command may also set a ``prepare``
default: it runs right after parsing, before SQLAlchemy is even imported, to start slow work that needs no
store (import-plan starts reading its workbooks there).
"""

from __future__ import annotations

import argparse
import gc
import importlib
import logging
import os
import pkgutil
import sys
from collections.abc import Sequence

from portfolio.cli.base import CleanOutput, CommandContext, CommandRefused
from portfolio.config import Settings
from portfolio.i18n import t

EXIT_OK, EXIT_REFUSED, EXIT_USAGE = 0, 1, 2
# Commands that act as no account: `init` creates the admin, `template` writes a blank workbook, `restore` fills an
# empty store (its accounts come from the backup).
WITHOUT_ACCOUNT = frozenset({"init", "template", "restore"})


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="portfolio",
        description="Telemedicin-porteføljen: databasen, import og rapporter / the telemedicine portfolio store.",
    )
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for module_info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{__name__}.{module_info.name}")
        register = getattr(module, "register", None)
        if register is not None:
            register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None, context: CommandContext | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:  # argparse: --help is 0, usage errors are 2
        return int(exit_.code or 0)
    prepare = getattr(args, "prepare", None)
    if prepare is not None:
        prepare(args)
    ctx = context or CommandContext(Settings.from_env())
    streams = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = CleanOutput(streams[0]), CleanOutput(streams[1])
    try:
        return _run_command(args, ctx)
    except BrokenPipeError:  # `portfolio status --json | head`: the reader has all it wanted
        _silence_stdout()
        return EXIT_OK
    finally:
        sys.stdout, sys.stderr = streams
        if context is None:
            ctx.close()


def _silence_stdout() -> None:
    """After a closed pipe, later writes (and the flush at exit) go nowhere instead of failing again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.__stdout__.fileno())  # type: ignore[union-attr]
        os.close(devnull)
    except (OSError, AttributeError, ValueError):
        pass


def _run_command(args: argparse.Namespace, ctx: CommandContext) -> int:
    from sqlalchemy.exc import OperationalError, ProgrammingError, SQLAlchemyError

    from portfolio.auth.accounts import AccountError
    from portfolio.refusal import Refused

    try:
        if args.command not in WITHOUT_ACCOUNT:
            _resolve_user(ctx)
        return int(args.handler(args, ctx) or EXIT_OK)
    except CommandRefused as refused:
        print(str(refused), file=sys.stderr)
        return EXIT_REFUSED
    except (Refused, AccountError) as refused:  # any service refusal: its message, exit 1
        print(refused.message(ctx.lang), file=sys.stderr)
        return EXIT_REFUSED
    except (OperationalError, ProgrammingError) as error:
        key = "cli.error.not_initialised" if _missing_table(error) else "cli.error.database"
        print(t(key, ctx.lang, error=_first_line(error)), file=sys.stderr)
        return EXIT_REFUSED
    except SQLAlchemyError as error:
        print(t("cli.error.database", ctx.lang, error=_first_line(error)), file=sys.stderr)
        return EXIT_REFUSED
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        raise
    except Exception as error:  # noqa: BLE001 - the promise is: no traceback reaches the user
        print(t("cli.error.unexpected", ctx.lang, error=f"{type(error).__name__}: {error}"), file=sys.stderr)
        return EXIT_REFUSED


def _resolve_user(ctx: CommandContext) -> None:
    """The CLI acts as PORTFOLIO_USER: an unknown or deactivated user is refused before anything runs."""
    from portfolio.auth.permissions import Action, authorize
    from portfolio.db import read_session

    with read_session(ctx.engine) as session:
        authorize(session, ctx.user, Action.VIEW_PORTFOLIO)


def _missing_table(error: Exception) -> bool:
    text = str(error).lower()
    return "no such table" in text or ("relation" in text and "does not exist" in text)


def _first_line(error: Exception) -> str:
    return str(getattr(error, "orig", None) or error).strip().splitlines()[0]


def run() -> None:
    """Console-script entry point. It leaves through ``os._exit`` once everything is written and main() has
    closed the database connections: Python's own teardown would spend 0.1–0.3 s freeing, one by one, the
    objects of a large import, which the operating system reclaims at once."""
    # An import makes some 150,000 objects in a second; at the default threshold (700 allocations) the cyclic
    # collector walked them, and SQLAlchemy's own, hundreds of times: 10-15 % of the command's time. Cycles are
    # still collected, less often.
    gc.set_threshold(10_000, 50, 100)
    code = main()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except BrokenPipeError:  # the reader stopped reading: a normal end
        pass
    except OSError:  # a full disk: what was said did not arrive
        code = code or EXIT_REFUSED
    logging.shutdown()
    os._exit(code)
