"""`portfolio component add|list`: the FUT components feeds and plans may name (adding is for admins)."""

from __future__ import annotations

import argparse
import dataclasses

from portfolio.cli.base import CommandContext, CommandRefused
from portfolio.domain import ComponentKind


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("component", help="FUT-komponenter / FUT components")
    commands = parser.add_subparsers(dest="component_command", required=True, metavar="ACTION")
    add = commands.add_parser("add", help="tilføj en komponent (admin) / add a component (admin)")
    add.add_argument("code", help="fx / e.g. KL_GATEWAY")
    add.add_argument("name", help='fx / e.g. "KL Gateway"')
    add.add_argument("--kind", required=True, choices=[k.value for k in ComponentKind])
    add.add_argument("--description", default="")
    add.set_defaults(handler=cmd_add)
    listing = commands.add_parser("list", help="vis komponenterne / list the components")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(handler=cmd_list)


def cmd_add(args: argparse.Namespace, ctx: CommandContext) -> int:
    from portfolio.components import ComponentRefused, add_component

    try:
        added = add_component(ctx.engine, actor=ctx.user, code=args.code, name=args.name,
                              kind=ComponentKind(args.kind), description=args.description)
    except ComponentRefused as refused:
        raise CommandRefused(refused.message(ctx.lang)) from refused
    ctx.say(ctx.msg("component.added", name=added.name, code=added.code))
    return 0


def cmd_list(args: argparse.Namespace, ctx: CommandContext) -> int:
    from portfolio.components import list_components
    from portfolio.db import read_session

    with read_session(ctx.engine) as session:
        components = list_components(session)
    if args.json:
        ctx.emit_json([{**dataclasses.asdict(c), "kind": c.kind.value} for c in components])
    else:
        for c in components:
            ctx.say(f"{c.code:<14} {c.kind.value:<12} {c.name}")
    return 0
