"""Approved baselines: `portfolio baseline approve | list | changes`.

`approve --landsdel KEY --programme CODE --decision MEETING:ITEM [--version N]` records that the meeting decision
approved the baseline of the landsdel's plan (the version submitted by the meeting's date, or version N). Exit 0:
done; 1: refused (unknown landsdel, programme or decision, a decision that did not approve, a CPR number in the note,
not allowed), nothing stored; 2: usage. Text output in PORTFOLIO_LANG (Danish by default); --json keys are English.
"""

from __future__ import annotations

import argparse

from portfolio.cli.base import CommandContext, refusals_exit_1

JSON_HELP = "maskinlæsbart output / machine-readable output"


def register(subparsers: argparse._SubParsersAction) -> None:
    baseline = subparsers.add_parser("baseline", help="godkendte baselines / approved baselines",
                                     description="Exit 0: done; 1: refused, nothing stored; 2: usage.")
    commands = baseline.add_subparsers(dest="baseline_command", required=True, metavar="ACTION")

    approve = commands.add_parser("approve", help="godkend en landsdels baseline ved en beslutning (ny plan) / "
                                  "approve a landsdel's baseline by a decision (new plan)")
    approve.add_argument("--landsdel", required=True, metavar="KEY")
    approve.add_argument("--programme", required=True, metavar="CODE")
    approve.add_argument("--decision", required=True, metavar="MEETING:ITEM")
    approve.add_argument("--version", type=int, default=None, metavar="N",
                         help="planversion; standard: den seneste indsendt senest på mødets dato / plan version; "
                              "default: the newest submitted by the meeting's date")
    approve.add_argument("--note", default="", metavar="TEXT")
    approve.add_argument("--json", action="store_true", help=JSON_HELP)
    approve.set_defaults(handler=cmd_approve)

    listing = commands.add_parser("list", help="de godkendte baselines / the approved baselines")
    listing.add_argument("--json", action="store_true", help=JSON_HELP)
    listing.set_defaults(handler=cmd_list)

    changes = commands.add_parser("changes", help="baselines ændret uden godkendelse / baselines changed without "
                                  "approval")
    changes.add_argument("--programme", default=None, metavar="CODE")
    changes.add_argument("--as-of", default=None, metavar="DATE", help="standard: seneste data / default: latest data")
    changes.add_argument("--json", action="store_true", help=JSON_HELP)
    changes.set_defaults(handler=cmd_changes)


def cmd_approve(args: argparse.Namespace, ctx: CommandContext) -> int:
    from portfolio.baselines.service import approve_baseline

    with refusals_exit_1(ctx):
        approval = approve_baseline(ctx.engine, landsdel=args.landsdel, programme=args.programme,
                                    decision=args.decision, actor=ctx.user, version=args.version, note=args.note)
    if args.json:
        ctx.emit_json(approval.as_json())
    else:
        ctx.say(ctx.msg("baseline.cli.approved", landsdel=approval.landsdel, programme=approval.programme,
                        version=approval.plan_version, submitted=approval.submitted_on.isoformat(),
                        decision=approval.decision, date=approval.approved_on.isoformat()))
    return 0


def cmd_list(args: argparse.Namespace, ctx: CommandContext) -> int:
    from portfolio.baselines.reads import approval_lines
    from portfolio.db import read_session

    with read_session(ctx.engine) as session:
        lines = approval_lines(session)
    if args.json:
        ctx.emit_json({"approved_baselines": [line.as_json() for line in lines]})
        return 0
    if not lines:
        ctx.say(ctx.msg("baseline.cli.none"))
    for line in lines:
        ctx.say(ctx.msg("baseline.cli.line", landsdel=line.landsdel, programme=line.programme,
                        version=line.plan_version, submitted=line.submitted_on.isoformat(),
                        date=line.approved_on.isoformat(), decision=line.decision, title=line.decision_title))
    return 0


def cmd_changes(args: argparse.Namespace, ctx: CommandContext) -> int:
    from portfolio.baselines.reads import baseline_changes
    from portfolio.baselines.service import _programme
    from portfolio.dashboard import queries
    from portfolio.db import read_session
    from portfolio.risks import reads
    from portfolio.risks.service import parse_date

    with refusals_exit_1(ctx), read_session(ctx.engine) as session:
        as_of = parse_date(args.as_of) or reads.default_as_of(session)
        codes = [_programme(session, args.programme).code] if args.programme else [
            p.code for p in queries.regional_programmes(session)]
        plan_ids = [plan.id for code in codes for plan in queries.latest_plans(session, code, as_of)]
        changes = baseline_changes(session, plan_ids, as_of)
    if args.json:
        ctx.emit_json({"as_of": as_of.isoformat(), "changes": [c.as_json() for c in changes]})
        return 0
    ctx.say(f"{ctx.msg('baseline.flag.title')} ({as_of.isoformat()}):")
    if not changes:
        ctx.say(ctx.msg("baseline.flag.none"))
    for c in changes:
        days = f"{c.days:+d}" if c.days is not None else "–"
        new = c.new_date.isoformat() if c.new_date else "–"
        ctx.say(f"{c.landsdel_name:<12} {c.programme:<12} {c.code:<8} {c.reference_date.isoformat()} → {new} "
                f"({days}) {c.title} · {c.reference.text(ctx.lang)}")
    return 0
