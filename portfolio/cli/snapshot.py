"""Snapshot commands: `portfolio snapshot create | list | diff | export`.

Exit 0: done; 1: refused (unknown snapshot, empty store, no LibreOffice for PDF, ...); 2: usage.
Text output in PORTFOLIO_LANG (Danish by default); --json keys are English.
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from portfolio.cli.base import CommandContext, CommandRefused
from portfolio.i18n import format_date, t
from portfolio.snapshots import FORMATS
from portfolio.snapshots.errors import SnapshotRefused

if TYPE_CHECKING:
    from portfolio.snapshots.diff import SnapshotDiff

JSON_HELP = "maskinlæsbart output / machine-readable output"


def _iso_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(t("snapshot.error.date", "da", value=text)) from None


def register(subparsers: argparse._SubParsersAction) -> None:
    snapshot = subparsers.add_parser(
        "snapshot", help="fastfrys, sammenlign og eksportér snapshots / freeze, compare and export snapshots",
        description="Exit 0: done; 1: refused; 2: usage.")
    commands = snapshot.add_subparsers(dest="snapshot_command", required=True, metavar="ACTION")

    create = commands.add_parser("create", help="fastfrys porteføljen pr. en dato / freeze the portfolio as of a date")
    create.add_argument("--label", required=True, help="fx / e.g. \"Møde 8. september 2022\"")
    create.add_argument("--as-of", type=_iso_date, default=None, metavar="DATE",
                        help="ÅÅÅÅ-MM-DD; standard: seneste dato med data / default: newest date with data")
    create.add_argument("--json", action="store_true", help=JSON_HELP)
    create.set_defaults(handler=cmd_create)

    listing = commands.add_parser("list", help="vis snapshots / list snapshots")
    listing.add_argument("--json", action="store_true", help=JSON_HELP)
    listing.set_defaults(handler=cmd_list)

    diff = commands.add_parser("diff", help="siden sidst: forskellen fra A til B / what changed from A to B")
    diff.add_argument("older", type=int, metavar="A")
    diff.add_argument("newer", type=int, metavar="B")
    diff.add_argument("--json", action="store_true", help=JSON_HELP)
    diff.set_defaults(handler=cmd_diff)

    export = commands.add_parser("export", help="eksportér et snapshot / export a snapshot")
    export.add_argument("snapshot_id", type=int, metavar="ID")
    export.add_argument("--format", required=True, choices=FORMATS)
    export.add_argument("--out", required=True, type=Path, metavar="PATH", help="fil; for plans en mappe / file; "
                        "for plans a folder")
    export.add_argument("--since", type=int, default=None, metavar="ID",
                        help="sammenlign med dette snapshot i stedet for det forrige / compare with this snapshot")
    export.set_defaults(handler=cmd_export)


def _refused(error: SnapshotRefused, ctx: CommandContext) -> CommandRefused:
    return CommandRefused(error.message(ctx.lang))


def cmd_create(args: argparse.Namespace, ctx: CommandContext) -> int:
    from portfolio.snapshots import freeze

    try:
        info = freeze.create_snapshot(ctx.engine, label=args.label, as_of=args.as_of, actor=ctx.user)
    except SnapshotRefused as error:
        raise _refused(error, ctx) from None
    if args.json:
        ctx.emit_json(info.as_json())
    else:
        ctx.say(ctx.msg("snapshot.cli.created", id=info.id, label=info.label, as_of=format_date(info.as_of, ctx.lang)))
    return 0


def cmd_list(args: argparse.Namespace, ctx: CommandContext) -> int:
    from portfolio.db import read_session
    from portfolio.snapshots import freeze

    with read_session(ctx.engine) as session:
        snapshots = freeze.list_snapshots(session)
    if args.json:
        ctx.emit_json([s.as_json() for s in snapshots])
        return 0
    if not snapshots:
        ctx.say(ctx.msg("snapshot.cli.none"))
    for s in snapshots:
        ctx.say(f"{s.id:>4}  {s.as_of.isoformat()}  {s.label}  ({s.created_by}, "
                f"{s.created_at.isoformat(sep=' ', timespec='minutes')})")
    return 0


def diff_lines(diff: SnapshotDiff, lang: str) -> list[str]:
    """The diff as Danish (or English) text lines, for the terminal."""
    from portfolio.snapshots import view

    lines = [t("snapshot.diff.title", lang) + ": " + view.diff_caption(diff, lang), view.counts_text(diff, lang)]

    def section(key: str, items: list[str]) -> None:
        lines.append("")
        lines.append(t(key, lang) + f" ({len(items)})")
        lines.extend(f"  {item}" for item in items) if items else lines.append("  " + t("snapshot.diff.none", lang))

    def day(value: str | None) -> str:
        return format_date(view.date_of(value), lang, "short")

    section("snapshot.diff.slipped", [f"{m.programme} {m.landsdel} {m.code} {m.title}: {day(m.before)} → "
                                      f"{day(m.after)} (+{m.days})" for m in diff.slipped])
    section("snapshot.diff.moved_earlier", [f"{m.programme} {m.landsdel} {m.code} {m.title}: {day(m.before)} → "
                                            f"{day(m.after)} ({m.days})" for m in diff.moved_earlier])
    for key, items in (("snapshot.diff.completed", diff.completed), ("snapshot.diff.new", diff.new),
                       ("snapshot.diff.removed", diff.removed)):
        section(key, [f"{i.programme} {i.landsdel} {i.code} {i.title} ({day(i.date)})" for i in items])
    section("snapshot.diff.rag", [f"{r.programme} {r.landsdel}: {view.rag_text(r.before, lang)} → "
                                  f"{view.rag_text(r.after, lang)}" for r in diff.rag_changes])
    section("snapshot.diff.inclusion", [f"{i.programme} {i.landsdel}: {i.active_before} → {i.active_after} "
                                        f"({i.active_delta:+d})" for i in diff.inclusion])
    section("snapshot.diff.fut", [
        f"{c.name}: {view.phase_text(c.phase_before, lang) or '–'} → {view.phase_text(c.phase_after, lang) or '–'}, "
        f"{view.rag_text(c.rag_before, lang)} → {view.rag_text(c.rag_after, lang)}" for c in diff.fut_changes])
    return lines


def cmd_diff(args: argparse.Namespace, ctx: CommandContext) -> int:
    from portfolio.db import read_session
    from portfolio.snapshots import service

    try:
        with read_session(ctx.engine) as session:
            diff = service.compare(session, args.older, args.newer)
    except SnapshotRefused as error:
        raise _refused(error, ctx) from None
    if args.json:
        ctx.emit_json(diff.as_json())
    else:
        for line in diff_lines(diff, ctx.lang):
            ctx.say(line)
    return 0


def cmd_export(args: argparse.Namespace, ctx: CommandContext) -> int:
    from portfolio.snapshots import service

    out: Path = args.out
    if args.format == "plans":
        if out.exists() and not out.is_dir():
            raise CommandRefused(ctx.msg("snapshot.error.out_exists", path=out))
    elif not out.parent.is_dir():
        raise CommandRefused(ctx.msg("snapshot.error.out_dir", path=out.parent))
    try:
        result = service.export_snapshot(ctx.engine, args.snapshot_id, args.format, actor=ctx.user, lang=ctx.lang,
                                         base_id=args.since)
    except SnapshotRefused as error:
        raise _refused(error, ctx) from None
    if args.format == "plans":
        out.mkdir(parents=True, exist_ok=True)
        for name, data in result.files.items():
            (out / name).write_bytes(data)
        ctx.say(ctx.msg("snapshot.cli.exported_plans", count=len(result.files), path=out))
    else:
        out.write_bytes(result.data)
        ctx.say(ctx.msg("snapshot.cli.exported", path=out, size=len(result.data)))
    return 0
