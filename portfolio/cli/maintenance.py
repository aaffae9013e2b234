"""Store maintenance: backup, restore, verify."""

from __future__ import annotations

import argparse
from pathlib import Path

from portfolio.cli.base import CommandContext, CommandRefused
from portfolio.text import clip


def register(subparsers: argparse._SubParsersAction) -> None:
    backup = subparsers.add_parser("backup", help="konsistent backup af hele databasen / a consistent backup")
    backup.add_argument("out", metavar="OUT", help="backupfilen (zip) / the backup file (zip)")
    backup.add_argument("--json", action="store_true", help="maskinlæsbart output / machine-readable output")
    backup.set_defaults(handler=cmd_backup)
    restore = subparsers.add_parser("restore", help="gendan en backup i en tom database / restore into an empty store")
    restore.add_argument("source", metavar="IN", help="backupfilen / the backup file")
    restore.add_argument("--json", action="store_true", help="maskinlæsbart output / machine-readable output")
    restore.set_defaults(handler=cmd_restore)
    verify = subparsers.add_parser("verify", help="kontrollér databasen og revisionsloggen / check the store")
    verify.add_argument("--json", action="store_true", help="maskinlæsbart output / machine-readable output")
    verify.set_defaults(handler=cmd_verify)


def _refused(ctx: CommandContext, error: Exception) -> CommandRefused:
    return CommandRefused(ctx.msg(error.key, **error.values))  # type: ignore[attr-defined]


def cmd_backup(args: argparse.Namespace, ctx: CommandContext) -> int:
    from portfolio import audit
    from portfolio.auth.permissions import Action, authorize
    from portfolio.db import read_session, unit_of_work
    from portfolio.maintenance.backup import BackupError, backup
    from portfolio.models import TARGET_WIDTH

    with read_session(ctx.engine) as session:  # a backup holds the accounts and the audit log
        authorize(session, ctx.user, Action.MANAGE_USERS)
        authorize(session, ctx.user, Action.VIEW_AUDIT)
    out = Path(args.out)
    try:
        result = backup(ctx.engine, out)
    except BackupError as error:
        raise _refused(ctx, error) from error
    except OSError as error:
        raise CommandRefused(ctx.msg("svc.backup.cannot_write", path=out, error=error.strerror or error)) from error
    with unit_of_work(ctx.engine) as session:
        audit.record(session, actor=ctx.user, action="store.backup", target="store",
                     file_name=clip(out.name, TARGET_WIDTH),
                     checksum=result.file_sha256, detail={"schema_revision": result.schema_revision,
                                                          "tables": result.tables, "rows": result.rows,
                                                          "content_checksum": result.checksum})
    if args.json:
        ctx.emit_json({"path": str(result.path), "schema_revision": result.schema_revision, "tables": result.tables,
                       "rows": result.rows, "checksum": result.checksum, "sha256": result.file_sha256})
    else:
        ctx.say(ctx.msg("svc.backup.done", path=result.path, revision=result.schema_revision, tables=result.tables,
                        rows=result.rows, checksum=result.checksum))
    return 0


def cmd_restore(args: argparse.Namespace, ctx: CommandContext) -> int:
    from portfolio.maintenance.backup import BackupError, restore

    source = Path(args.source)
    if not source.is_file():
        raise CommandRefused(ctx.msg("svc.restore.missing", path=source))
    try:
        result = restore(ctx.engine, source)
    except BackupError as error:
        raise _refused(ctx, error) from error
    if args.json:
        ctx.emit_json({"schema_revision": result.schema_revision, "tables": result.tables, "rows": result.rows})
    else:
        ctx.say(ctx.msg("svc.restore.done", tables=result.tables, rows=result.rows, revision=result.schema_revision))
    return 0


def cmd_verify(args: argparse.Namespace, ctx: CommandContext) -> int:
    from portfolio.auth.permissions import Action, authorize
    from portfolio.db import read_session
    from portfolio.maintenance.verify import verify_store

    with read_session(ctx.engine) as session:
        authorize(session, ctx.user, Action.VIEW_AUDIT)
    report = verify_store(ctx.engine)
    messages = [ctx.msg(f.key, **f.values) for f in report.findings]
    if args.json:
        ctx.emit_json({"ok": report.ok, "checked": report.checked,
                       "findings": [{"check": f.check, "key": f.key, "values": f.values, "message": m}
                                    for f, m in zip(report.findings, messages, strict=True)]})
    elif report.ok:
        ctx.say(ctx.msg("svc.verify.ok", **report.checked))
    else:
        ctx.say(ctx.msg("svc.verify.failed", count=len(report.findings)))
        for finding, message in zip(report.findings, messages, strict=True):
            ctx.say(f"  [{finding.check}] {message}")
    return 0 if report.ok else 1
