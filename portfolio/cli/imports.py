"""Import commands: import-plan (a landsdel's Excel workbook) and template (the blank workbook)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from portfolio.cli.base import CommandContext, CommandRefused
from portfolio.text import clip

if TYPE_CHECKING:
    from portfolio.importing.service import ImportResult
    from portfolio.importing.workbook import PendingRead

    Ahead = tuple[bytes | None, PendingRead | None]

EXIT_USAGE = 2
MAX_INPUT_BYTES = 50 * 1024 * 1024  # read at most this much; the importer refuses above its own limit


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "import-plan",
        help="importér landsdelenes milepælsplaner (Excel) / import the landsdele's milestone plans (Excel)",
        description="Exit 0: every file imported or unchanged; 1: a file was refused; 2: usage error. "
                    "With --dry-run nothing is stored and the status says what an import would do.",
    )
    parser.add_argument("files", nargs="+", metavar="FILE", help=".xlsx, .xlsm, .xls eller .ods")
    parser.add_argument("--landsdel", help="landsdel, hvis filen ikke siger det / if the file does not say")
    parser.add_argument("--programme", help="program (KOL, HJERTESVIGT) / programme code")
    parser.add_argument("--map-dependency", action="append", default=[], metavar="TEXT=CODE",
                        help="knyt en afhængighed, som filen skriver den, til en FUT-komponent (huskes for landsdelen;"
                             " kan gentages) / map a dependency as the file writes it to a FUT component (remembered"
                             " for the landsdel; repeatable)")
    parser.add_argument("--dry-run", action="store_true", help="kontrollér uden at gemme / check, store nothing")
    parser.add_argument("--json", action="store_true", help="maskinlæsbart output / machine-readable output")
    parser.set_defaults(handler=cmd_import_plan, prepare=start_first_read)

    template = subparsers.add_parser("template", help="skriv en tom skabelon / write the blank template workbook")
    template.add_argument("out", metavar="OUT.xlsx")
    template.set_defaults(handler=cmd_template)


def _read(path: str) -> bytes | None:
    try:
        with open(path, "rb") as handle:
            return handle.read(MAX_INPUT_BYTES + 1)
    except OSError:
        return None


def _begin(path: str) -> Ahead:
    """A file's bytes, and its read started in a reader process of its own; (None, None) when unreadable."""
    from portfolio.importing.workbook import start_reading

    data = _read(path)
    return data, (start_reading(data) if data is not None else None)


def start_first_read(args: argparse.Namespace) -> None:
    """Before the store is opened (see portfolio.cli): the first workbook is read while SQLAlchemy loads."""
    args.ahead = _begin(args.files[0])


def cmd_import_plan(args: argparse.Namespace, ctx: CommandContext) -> int:  # noqa: C901 - argument checks, then one loop
    from portfolio.audit import sha256
    from portfolio.db import read_session
    from portfolio.importing.problems import Problem
    from portfolio.importing.service import ImportResult, import_plan
    from portfolio.importing.validate import Reference, resolve_landsdel, resolve_programme
    from portfolio.outcome import IMPORTED, READY, REJECTED, UNCHANGED
    from portfolio.personal_data import find_cpr
    from portfolio.schema import current_revision

    if current_revision(ctx.engine) is None:
        raise CommandRefused(ctx.msg("import.cli.store_missing"))
    if args.landsdel and resolve_landsdel(args.landsdel) is None:
        print(ctx.msg("import.cli.bad_landsdel", value=args.landsdel), file=sys.stderr)
        return EXIT_USAGE
    if args.programme:
        with read_session(ctx.engine) as session:
            programmes = Reference.from_store(session).programmes
        if resolve_programme(args.programme, programmes) is None:
            print(ctx.msg("import.cli.bad_programme", value=args.programme), file=sys.stderr)
            return EXIT_USAGE

    dependencies: dict[str, str] = {}
    for given in args.map_dependency:
        text, sep, code = given.partition("=")
        if not sep or not text.strip() or not code.strip():
            print(ctx.msg("import.cli.bad_map_dependency", value=clip(given, 80)), file=sys.stderr)
            return EXIT_USAGE
        if find_cpr(given):
            raise CommandRefused(ctx.msg("import.refused.cpr", masked=find_cpr(given)))
        dependencies[clip(text.strip(), 120)] = clip(code.strip(), 40)

    results: list[ImportResult] = []
    ahead = getattr(args, "ahead", None) or _begin(args.files[0])
    for index, path in enumerate(args.files):
        name = Path(path).name
        data, reading = ahead
        if index + 1 < len(args.files):  # the next file is read while this one is checked and stored
            ahead = _begin(args.files[index + 1])
        if data is None:
            result = ImportResult(file=name, status=REJECTED, checksum=sha256(b""), dry_run=args.dry_run,
                                  problems=[Problem("import.cli.file_missing", {"file": path})])
        else:
            result = import_plan(ctx.engine, data, name, actor=ctx.user, landsdel=args.landsdel,
                                 programme=args.programme, dry_run=args.dry_run, reading=reading,
                                 dependencies=dependencies)
        results.append(result)
        if not args.json:
            _say(ctx, result)
    if args.json:
        payload = [r.as_json(ctx.lang, parsed_milestones=args.dry_run) for r in results]
        ctx.emit_json(payload[0] if len(payload) == 1 else payload)
    return 0 if all(r.status in (IMPORTED, UNCHANGED, READY) for r in results) else 1


def _say(ctx: CommandContext, result: ImportResult) -> None:
    from portfolio.outcome import REJECTED, UNCHANGED

    plan = result.plan
    values = {"file": result.file, "landsdel": result.landsdel_name, "programme": result.programme,
              "version": result.plan_version, "milestones": len(plan.milestones) if plan else 0,
              "inclusion_rows": len(plan.inclusions) if plan else 0}
    if result.status == REJECTED:
        ctx.say(ctx.msg("import.cli.rejected", file=result.file, count=len(result.errors)))
        for problem in result.errors:
            where = "!".join(x for x in (problem.sheet, f"{problem.column}{problem.row or ''}") if x)
            ctx.say(f"  {where + ': ' if where else ''}{problem.message(ctx.lang)}")
        return
    if result.status == UNCHANGED:
        ctx.say(ctx.msg("import.cli.unchanged", **values))
    elif result.dry_run:
        ctx.say(ctx.msg("import.cli.would_import", **values))
        _say_changes(ctx, result)
    else:
        ctx.say(ctx.msg("import.cli.imported", **values))
    for problem in result.warnings:
        where = "!".join(x for x in (problem.sheet, f"{problem.column}{problem.row or ''}") if x)
        ctx.say(f"  ({where}) {problem.message(ctx.lang)}")


def _say_changes(ctx: CommandContext, result: ImportResult) -> None:
    """What a dry run would change against the current plan, one line per change, in the user's language."""
    from portfolio.i18n import t
    from portfolio.importing.preview import change_rows

    for row in change_rows(result.diff, ctx.lang):
        what, which, title, change, before, after, slipped = row.values()
        moved = f" ({t('import.page.slipped', ctx.lang).lower()}: {slipped})" if slipped else ""
        values = f": {before} → {after}" if before or after else ""
        ctx.say(f"  {what} {which}{' ' + title if title else ''} · {change}{values}{moved}")


def cmd_template(args: argparse.Namespace, ctx: CommandContext) -> int:
    from portfolio.importing.template import blank_template

    try:
        Path(args.out).write_bytes(blank_template())
    except OSError as error:
        raise CommandRefused(str(error)) from None
    ctx.say(ctx.msg("import.cli.template_written", path=args.out))
    return 0
