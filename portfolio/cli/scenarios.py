"""Saved scenarios: `portfolio scenario save | list | show | compare | attach`.

Exit 0: done; 1: refused (unknown component, landsdel, snapshot, scenario or agenda item, weeks not a whole number
1–104, a rate change outside −100…+500 %, a CPR number in the name, not allowed), nothing stored; 2: usage.
Text output in PORTFOLIO_LANG (Danish by default); --json keys are English.
"""

from __future__ import annotations

import argparse

from portfolio.cli.base import CommandContext, refusals_exit_1

JSON_HELP = "maskinlæsbart output / machine-readable output"


def register(subparsers: argparse._SubParsersAction) -> None:
    scenario = subparsers.add_parser("scenario", help="gemte scenarier (hvad nu hvis) / saved what-if scenarios",
                                     description="Exit 0: done; 1: refused, nothing stored; 2: usage.")
    commands = scenario.add_subparsers(dest="scenario_command", required=True, metavar="ACTION")

    save = commands.add_parser("save", help="gem et scenarie (skriver id'et) / save a scenario (prints its id)")
    save.add_argument("--name", required=True, metavar="TEXT")
    save.add_argument("--component", action="append", default=[], metavar="CODE",
                      help="FUT-komponent der skrider (gentages, hver med --weeks) / a component that slips")
    save.add_argument("--weeks", action="append", default=[], metavar="N", help="uger / weeks (1–104)")
    save.add_argument("--inclusion", action="append", default=[], metavar="KEY=PERCENT",
                      help="ændret månedlig inklusionstakt, fx midt=-20 (gentages) / changed monthly inclusion rate")
    save.add_argument("--snapshot", default=None, metavar="ID", help="standard: nyeste / default: the newest")
    save.add_argument("--json", action="store_true", help=JSON_HELP)
    save.set_defaults(handler=cmd_save)

    listing = commands.add_parser("list", help="gemte scenarier / saved scenarios")
    listing.add_argument("--json", action="store_true", help=JSON_HELP)
    listing.set_defaults(handler=cmd_list)

    show = commands.add_parser("show", help="et scenaries resultat / a scenario's result")
    show.add_argument("scenario_id", type=int, metavar="ID")
    show.add_argument("--json", action="store_true", help=JSON_HELP)
    show.set_defaults(handler=cmd_show)

    compare = commands.add_parser("compare", help="to scenarier side om side / two scenarios side by side")
    compare.add_argument("first", type=int, metavar="A")
    compare.add_argument("second", type=int, metavar="B")
    compare.add_argument("--json", action="store_true", help=JSON_HELP)
    compare.set_defaults(handler=cmd_compare)

    attach = commands.add_parser("attach", help="læg et scenarie på et beslutningspunkt (B) / attach to a (B) item")
    attach.add_argument("scenario_id", type=int, metavar="ID")
    attach.add_argument("--item", required=True, metavar="MEETING:ITEM")
    attach.add_argument("--json", action="store_true", help=JSON_HELP)
    attach.set_defaults(handler=cmd_attach)


def cmd_save(args: argparse.Namespace, ctx: CommandContext) -> int:
    from portfolio.scenarios import service
    from portfolio.scenarios.errors import ScenarioRefused

    with refusals_exit_1(ctx):
        if len(args.component) != len(args.weeks):
            raise ScenarioRefused("scenario.error.pairs", components=len(args.component), weeks=len(args.weeks))
        inclusion = [service.parse_inclusion(text) for text in args.inclusion]
        scenario_id = service.save_scenario(ctx.engine, name=args.name, actor=ctx.user,
                                            component_slips=list(zip(args.component, args.weeks, strict=True)),
                                            inclusion_changes=inclusion, snapshot_id=args.snapshot)
    if args.json:
        from portfolio.db import read_session
        from portfolio.scenarios.views import result_json

        with read_session(ctx.engine) as session:
            ctx.emit_json(result_json(*service.scenario_result(session, scenario_id)))
    else:
        ctx.say(str(scenario_id))
    return 0


def cmd_list(args: argparse.Namespace, ctx: CommandContext) -> int:
    from portfolio.db import read_session
    from portfolio.i18n import format_date
    from portfolio.scenarios import service
    from portfolio.scenarios.views import describe_all

    with read_session(ctx.engine) as session:
        rows = service.list_scenarios(session)
        names = service.subject_names(session)
    if args.json:
        ctx.emit_json({"scenarios": [s.as_json() for s in rows]})
        return 0
    if not rows:
        ctx.say(ctx.msg("scenario.cli.none"))
    for s in rows:
        options = f"  [{', '.join(f'{m}:{i}' for m, i in s.options)}]" if s.options else ""
        ctx.say(f"{s.id:>4}  {s.name}  ·  {describe_all(s, ctx.lang, names=names)}  ·  snapshot {s.snapshot_id} "
                f"({format_date(s.as_of, ctx.lang, 'short')}){options}")
    return 0


def cmd_show(args: argparse.Namespace, ctx: CommandContext) -> int:
    from portfolio.db import read_session
    from portfolio.scenarios import service
    from portfolio.scenarios.views import result_json

    with refusals_exit_1(ctx), read_session(ctx.engine) as session:
        info, result = service.scenario_result(session, args.scenario_id)
    if args.json:
        ctx.emit_json(result_json(info, result))
        return 0
    _say_result(ctx, info, result)
    return 0


def _say_result(ctx: CommandContext, info, result) -> None:  # type: ignore[no-untyped-def]
    from portfolio.i18n import format_date
    from portfolio.scenarios.views import describe_all

    def day(value) -> str:  # type: ignore[no-untyped-def]
        return value.isoformat() if value else ctx.msg("scenario.cli.never")

    ctx.say(f"{info.id}  {info.name}  ·  snapshot {info.snapshot_id} ({format_date(info.as_of, ctx.lang, 'short')})")
    ctx.say(f"  {describe_all(info, ctx.lang, result)}")
    ctx.say("  " + ctx.msg("scenario.cli.pushed", n=len(result.pushes), days=result.max_extra_days))
    for p in result.pushes:
        ctx.say(f"    {p.programme} {p.push.landsdel} {p.push.code}  {p.push.before.isoformat()} → "
                f"{p.push.after.isoformat()}  (+{p.push.extra_days})  {p.push.title}")
    ctx.say("  " + ctx.msg("scenario.cli.full"))
    for o in result.inclusion:
        moved = f"  ({o.moved_days:+d})" if o.moved_days else ""
        ctx.say(f"    {o.programme} {o.landsdel}  {day(o.before.full_date)} → {day(o.after.full_date)}{moved}")


def cmd_compare(args: argparse.Namespace, ctx: CommandContext) -> int:
    from portfolio.db import read_session
    from portfolio.scenarios import service
    from portfolio.scenarios.errors import ScenarioRefused
    from portfolio.scenarios.views import comparison

    with refusals_exit_1(ctx), read_session(ctx.engine) as session:
        if args.first == args.second:
            raise ScenarioRefused("scenario.error.same")
        first = service.scenario_result(session, args.first)
        second = service.scenario_result(session, args.second)
    data = comparison(first, second)
    if args.json:
        ctx.emit_json(data)
        return 0
    never = ctx.msg("scenario.cli.never")
    ctx.say(f"A = {first[0].id} {first[0].name}   B = {second[0].id} {second[0].name}")
    ctx.say(ctx.msg("scenario.cli.pushed", n=f"A {len(first[1].pushes)} / B {len(second[1].pushes)}",
                    days=f"A {first[1].max_extra_days} / B {second[1].max_extra_days}"))
    for m in data["milestones"]:
        ctx.say(f"  {m['programme']} {m['landsdel']} {m['code']}  A: {m['a_after'] or '–'} (+{m['a_days']})  "
                f"B: {m['b_after'] or '–'} (+{m['b_days']})  {m['title']}")
    ctx.say(ctx.msg("scenario.cli.full"))
    for o in data["full_inclusion"]:
        ctx.say(f"  {o['programme']} {o['landsdel']}  {o['now'] or never}  A: {o['a'] or never}  B: {o['b'] or never}")
    return 0


def cmd_attach(args: argparse.Namespace, ctx: CommandContext) -> int:
    from portfolio.scenarios import service

    with refusals_exit_1(ctx):
        meeting, item = service.attach_scenario(ctx.engine, args.scenario_id, args.item, actor=ctx.user)
    if args.json:
        ctx.emit_json({"id": args.scenario_id, "item": f"{meeting}:{item}"})
    else:
        ctx.say(ctx.msg("scenario.cli.attached", id=args.scenario_id, meeting=meeting, item=item))
    return 0
