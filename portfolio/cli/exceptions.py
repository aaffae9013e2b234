"""`portfolio exceptions [--as-of DATE]`: the tolerance breaches (landsdel, programme, dimension, value,
threshold) as of a date. Exit 0 (also when there are breaches); 1 on a bad date or tolerances file."""

from __future__ import annotations

import argparse

from portfolio.cli.base import CommandContext, CommandRefused


def register(subparsers: argparse._SubParsersAction) -> None:
    command = subparsers.add_parser("exceptions", help="tolerancebrud pr. dato / tolerance breaches as of a date",
                                    description="Tolerances: data/tolerances.toml or $TOLERANCES_PATH. Exit 0: "
                                    "listed; 1: refused.")
    command.add_argument("--as-of", default=None, metavar="DATE", help="standard: seneste data / default: latest data")
    command.add_argument("--json", action="store_true", help="maskinlæsbart output / machine-readable output")
    command.set_defaults(handler=cmd_exceptions)


def cmd_exceptions(args: argparse.Namespace, ctx: CommandContext) -> int:
    from portfolio.db import read_session
    from portfolio.risks import reads
    from portfolio.risks.errors import RiskRefused
    from portfolio.risks.service import parse_date
    from portfolio.risks.tolerances import TolerancesError, breaches, load_tolerances

    try:
        as_of = parse_date(args.as_of)
        tolerances = load_tolerances()
    except RiskRefused as error:
        raise CommandRefused(error.message(ctx.lang)) from None
    except TolerancesError as error:
        raise CommandRefused(ctx.msg("risk.exceptions.bad_file", error=str(error))) from None
    with read_session(ctx.engine) as session:
        as_of = as_of or reads.default_as_of(session)
        found = breaches(session, as_of, tolerances)
    if args.json:
        ctx.emit_json({"as_of": as_of.isoformat(), "tolerances": tolerances.source,
                       "breaches": [b.as_json() for b in found]})
        return 0
    ctx.say(ctx.msg("risk.exceptions.header", date=as_of.isoformat(), source=tolerances.source))
    if not found:
        ctx.say(ctx.msg("risk.exceptions.none"))
    for breach in found:
        ctx.say(f"{breach.landsdel:<12} {breach.programme:<12} {breach.text(ctx.lang)}")
    return 0
