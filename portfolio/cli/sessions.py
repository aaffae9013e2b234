"""Login sessions: list them, and log an account out everywhere (admins)."""

from __future__ import annotations

import argparse

from portfolio.cli.base import CommandContext, CommandRefused


def register(subparsers: argparse._SubParsersAction) -> None:
    session = subparsers.add_parser("session", help="login-sessioner / login sessions")
    commands = session.add_subparsers(dest="session_command", required=True, metavar="SUBCOMMAND")
    listing = commands.add_parser("list", help="aktive sessioner / running sessions")
    listing.add_argument("--user", help="kun denne bruger / only this user")
    listing.add_argument("--all", action="store_true", help="også afsluttede / ended ones too")
    listing.add_argument("--json", action="store_true", help="maskinlæsbart output / machine-readable output")
    listing.set_defaults(handler=cmd_list)
    revoke = commands.add_parser("revoke", help="log en bruger ud alle steder / log a user out everywhere")
    revoke.add_argument("username", metavar="NAME")
    revoke.set_defaults(handler=cmd_revoke)


def cmd_list(args: argparse.Namespace, ctx: CommandContext) -> int:
    from portfolio.auth.permissions import Action, authorize
    from portfolio.auth.sessions import UnknownAccount, list_sessions
    from portfolio.db import read_session

    with read_session(ctx.engine) as session:
        authorize(session, ctx.user, Action.MANAGE_USERS)
        try:
            rows = list_sessions(session, username=args.user, include_ended=args.all)
        except UnknownAccount as error:
            raise CommandRefused(ctx.msg("svc.session.unknown_user", user=error.username)) from error
    if args.json:
        ctx.emit_json(rows)
    elif not rows:
        ctx.say(ctx.msg("svc.session.none"))
    for row in [] if args.json else rows:
        ended = f"  {row['revoked_reason'] or 'expired'}" if not row["active"] else ""
        ctx.say(f"{row['id']:>6}  {row['user']:<16} {row['method']:<6} {row['created_at']:%Y-%m-%d %H:%M} → "
                f"{row['expires_at']:%Y-%m-%d %H:%M}{ended}")
    return 0


def cmd_revoke(args: argparse.Namespace, ctx: CommandContext) -> int:
    from portfolio.auth.permissions import Action, authorize
    from portfolio.auth.sessions import UnknownAccount, revoke_all
    from portfolio.db import unit_of_work

    with unit_of_work(ctx.engine) as session:
        authorize(session, ctx.user, Action.MANAGE_USERS)
        try:
            count = revoke_all(session, args.username, actor=ctx.user, reason="admin_logout_everywhere")
        except UnknownAccount as error:
            raise CommandRefused(ctx.msg("svc.session.unknown_user", user=error.username)) from error
    ctx.say(ctx.msg("svc.session.revoked", count=count, user=args.username))
    return 0
