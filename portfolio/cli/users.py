"""User commands, for admins: portfolio user add | list | set-role | set-password | set-email | (de)activate."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from portfolio.auth.roles import Role
from portfolio.cli.base import CommandContext, CommandRefused

if TYPE_CHECKING:
    from portfolio.auth.accounts import AccountError, AccountInfo

ROLES = [r.value for r in Role]


def register(subparsers: argparse._SubParsersAction) -> None:
    user = subparsers.add_parser("user", help="brugere og roller (kun administratorer) / users and roles (admins only)")
    commands = user.add_subparsers(dest="user_command", required=True, metavar="SUBCOMMAND")

    add = commands.add_parser("add", help="opret en bruger / add a user")
    add.add_argument("username")
    add.add_argument("--role", required=True, choices=ROLES)
    add.add_argument("--landsdel", action="append", default=[], metavar="KEY",
                     help="landsdelsredaktørens landsdel (kan gentages) / the editor's landsdel (repeatable)")
    add.add_argument("--email", help="til OpenID Connect-login / for OpenID Connect login")
    add.add_argument("--name", default="", help="visningsnavn / display name")
    how = add.add_mutually_exclusive_group()
    how.add_argument("--password-stdin", action="store_true", help="læs adgangskoden fra stdin / read it from stdin")
    how.add_argument("--no-password", action="store_true",
                     help="kun OpenID Connect-login / OpenID Connect login only")
    add.set_defaults(handler=cmd_add)

    listing = commands.add_parser("list", help="vis brugerne / list the users")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(handler=cmd_list)

    role = commands.add_parser("set-role", help="skift rolle / change the role")
    role.add_argument("username")
    role.add_argument("role", choices=ROLES)
    role.add_argument("--landsdel", action="append", default=[], metavar="KEY")
    role.set_defaults(handler=cmd_set_role)

    password = commands.add_parser("set-password", help="ny adgangskode (låser op) / new password (unlocks)")
    password.add_argument("username")
    password.add_argument("--password-stdin", action="store_true")
    password.set_defaults(handler=cmd_set_password)

    email = commands.add_parser("set-email", help="e-mail til OpenID Connect / e-mail for OpenID Connect")
    email.add_argument("username")
    email.add_argument("email", help='"" fjerner den / "" removes it')
    email.set_defaults(handler=cmd_set_email)

    for name, active in (("activate", True), ("deactivate", False)):
        toggle = commands.add_parser(name, help="aktivér / activate" if active else "deaktivér / deactivate")
        toggle.add_argument("username")
        toggle.set_defaults(handler=cmd_set_active, active=active)


def _stdin_password(ctx: CommandContext) -> str:
    password = sys.stdin.readline().rstrip("\r\n")
    if not password:
        raise CommandRefused(ctx.msg("auth.cli.empty_stdin"))
    return password


def _refused(ctx: CommandContext, error: AccountError) -> CommandRefused:
    return CommandRefused(error.message(ctx.lang))


def _role(ctx: CommandContext, role: Role) -> str:
    return ctx.msg(f"auth.role.{role.value}")


def cmd_add(args: argparse.Namespace, ctx: CommandContext) -> int:
    from portfolio.auth.accounts import AccountError, add_account
    from portfolio.auth.passwords import generate_password
    from portfolio.db import unit_of_work

    generated = None
    if args.no_password:
        password = None
    elif args.password_stdin:
        password = _stdin_password(ctx)
    else:
        password = generated = generate_password()
    try:
        with unit_of_work(ctx.engine) as session:
            info = add_account(session, actor=ctx.user, username=args.username, role=Role(args.role),
                               password=password, email=args.email, display_name=args.name, landsdele=args.landsdel)
    except AccountError as error:
        raise _refused(ctx, error) from None
    ctx.say(ctx.msg("auth.cli.user_added", user=info.username, role=_role(ctx, info.role)))
    if generated:
        ctx.say(ctx.msg("auth.cli.generated_password", user=info.username, password=generated))
    return 0


def cmd_list(args: argparse.Namespace, ctx: CommandContext) -> int:
    from portfolio.auth.accounts import list_accounts
    from portfolio.db import unit_of_work

    with unit_of_work(ctx.engine) as session:
        accounts = list_accounts(session, actor=ctx.user)
    if args.json:
        ctx.emit_json([a.as_json() for a in accounts])
        return 0
    for a in accounts:
        ctx.say(_line(ctx, a))
    return 0


def _line(ctx: CommandContext, a: AccountInfo) -> str:
    landsdele = f" [{', '.join(a.landsdele)}]" if a.landsdele else ""
    flags = [] if a.active else ["inactive"]
    if a.locked_until:
        flags.append(f"locked until {a.locked_until:%Y-%m-%d %H:%M}")
    if not a.has_password:
        flags.append("OIDC only")
    return (f"{a.username:<16} {_role(ctx, a.role)}{landsdele}  {a.email or ''}"
            f"{'  (' + ', '.join(flags) + ')' if flags else ''}")


def cmd_set_role(args: argparse.Namespace, ctx: CommandContext) -> int:
    from portfolio.auth.accounts import AccountError, set_role
    from portfolio.db import unit_of_work

    try:
        with unit_of_work(ctx.engine) as session:
            info = set_role(session, actor=ctx.user, username=args.username, role=Role(args.role),
                            landsdele=args.landsdel)
    except AccountError as error:
        raise _refused(ctx, error) from None
    ctx.say(ctx.msg("auth.cli.role_set", user=info.username, role=_role(ctx, info.role)))
    return 0


def cmd_set_password(args: argparse.Namespace, ctx: CommandContext) -> int:
    from portfolio.auth.accounts import AccountError, set_password
    from portfolio.auth.passwords import generate_password
    from portfolio.db import unit_of_work

    password = _stdin_password(ctx) if args.password_stdin else generate_password()
    try:
        with unit_of_work(ctx.engine) as session:
            info = set_password(session, actor=ctx.user, username=args.username, password=password)
    except AccountError as error:
        raise _refused(ctx, error) from None
    ctx.say(ctx.msg("auth.cli.password_set", user=info.username))
    if not args.password_stdin:
        ctx.say(ctx.msg("auth.cli.generated_password", user=info.username, password=password))
    return 0


def cmd_set_email(args: argparse.Namespace, ctx: CommandContext) -> int:
    from portfolio.auth.accounts import AccountError, set_email
    from portfolio.db import unit_of_work

    try:
        with unit_of_work(ctx.engine) as session:
            info = set_email(session, actor=ctx.user, username=args.username, email=args.email or None)
    except AccountError as error:
        raise _refused(ctx, error) from None
    ctx.say(f"{info.username}: {info.email or '–'}")
    return 0


def cmd_set_active(args: argparse.Namespace, ctx: CommandContext) -> int:
    from portfolio.auth.accounts import AccountError, set_active
    from portfolio.db import unit_of_work

    try:
        with unit_of_work(ctx.engine) as session:
            info = set_active(session, actor=ctx.user, username=args.username, active=args.active)
    except AccountError as error:
        raise _refused(ctx, error) from None
    ctx.say(ctx.msg("auth.cli.activated" if info.active else "auth.cli.deactivated", user=info.username))
    return 0
