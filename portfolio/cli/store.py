"""Store commands: init, demo, status."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from portfolio.cli.base import CommandContext, CommandRefused

if TYPE_CHECKING:
    from portfolio.auth.bootstrap import Created


def register(subparsers: argparse._SubParsersAction) -> None:
    init = subparsers.add_parser("init", help="opret eller opdatér databasen / create or migrate the store")
    init.set_defaults(handler=cmd_init)
    demo = subparsers.add_parser("demo", help="indlæs demodata / load the demo data")
    demo.set_defaults(handler=cmd_demo)
    status = subparsers.add_parser("status", help="hvad databasen indeholder / what the store holds")
    status.add_argument("--json", action="store_true", help="maskinlæsbart output / machine-readable output")
    status.set_defaults(handler=cmd_status)


def _safe_url(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


def cmd_init(args: argparse.Namespace, ctx: CommandContext) -> int:
    from portfolio.auth.bootstrap import create_admin_if_missing
    from portfolio.schema import current_revision, initialise_store

    added = initialise_store(ctx.engine, actor=ctx.user)
    if added:
        ctx.say(ctx.msg("cli.init.reference_loaded"))
    admin = create_admin_if_missing(ctx.engine, actor=ctx.user)
    if admin.usernames:
        ctx.say(ctx.msg("auth.cli.admin_created"))
    _say_password(ctx, admin, "auth.cli.generated_password", user="admin")
    ctx.say(ctx.msg("cli.init.done", revision=current_revision(ctx.engine), url=_safe_url(ctx.settings.database_url)))
    return 0


def _say_password(ctx: CommandContext, created: Created, key: str, **values: str) -> None:
    if created.generated_password:
        ctx.say(ctx.msg(key, password=created.generated_password, **values))


def cmd_demo(args: argparse.Namespace, ctx: CommandContext) -> int:
    from portfolio.auth.bootstrap import create_demo_accounts, demo_password
    from portfolio.demo import DemoOutcome, load_demo
    from portfolio.schema import initialise_store

    password = demo_password()  # a refused PORTFOLIO_DEMO_PASSWORD refuses the command before anything is stored
    initialise_store(ctx.engine, actor=ctx.user)
    result = load_demo(ctx.engine, actor=ctx.user)  # raises PermissionDenied for all but admins
    if result.outcome is DemoOutcome.REFUSED:  # a store with real data gets no demo accounts either
        raise CommandRefused(ctx.msg("cli.demo.refused"))
    accounts = create_demo_accounts(ctx.engine, actor=ctx.user, password=password)
    if accounts.usernames:
        ctx.say(ctx.msg("auth.cli.demo_accounts", users=", ".join(accounts.usernames)))
    _say_password(ctx, accounts, "auth.cli.demo_password")
    if result.outcome is DemoOutcome.ALREADY_LOADED:
        ctx.say(ctx.msg("cli.demo.present"))
    else:
        ctx.say(ctx.msg("cli.demo.loaded", plans=result.plan_versions, milestones=result.milestones))
    return 0


def cmd_status(args: argparse.Namespace, ctx: CommandContext) -> int:
    from portfolio.db import read_session
    from portfolio.inventory import store_inventory
    from portfolio.schema import current_revision

    revision = current_revision(ctx.engine)
    if revision is None:
        raise CommandRefused(ctx.msg("cli.error.not_initialised"))
    with read_session(ctx.engine) as session:
        inventory = store_inventory(session)
    inventory = {"database": _safe_url(ctx.settings.database_url), "schema_revision": revision, **inventory}
    if args.json:
        ctx.emit_json(inventory)
        return 0
    ctx.say(f"{inventory['database']} (schema {revision})")
    for row in inventory["plan_versions"]["by_landsdel_programme"]:
        ctx.say(f"  {row['programme']:<12} {row['landsdel']:<12} {row['count']:>4} plan versions, "
                f"latest {row['latest_submitted_on']}")
    for key in ("milestones", "inclusion_rows", "target_sets", "components", "status_entries", "snapshots"):
        ctx.say(f"  {key}: {inventory[key]}")
    return 0
