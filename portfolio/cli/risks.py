"""Risk log commands: `portfolio risk add | list | update | close | show`.

Exit 0: done; 1: refused (probability or consequence outside 1–5, an unknown signal kind, component, landsdel,
organisation or decision, a CPR number in any text, not allowed), nothing stored; 2: usage. Text output in
PORTFOLIO_LANG (Danish by default); --json keys are English.
"""

from __future__ import annotations

import argparse

from portfolio.cli.base import CommandContext, refusals_exit_1
from portfolio.i18n import t

JSON_HELP = "maskinlæsbart output / machine-readable output"
SIGNAL_HELP = ("advarselslampe: fut_stale:KOMPONENT, fut_slip:KOMPONENT, milestone_slip:LANDSDEL[/MILEPÆL], "
               "inclusion:LANDSDEL, rag_red:LANDSDEL / warning lamp signal")
MITIGATION_HELP = "tiltag / mitigation: TEKST[|EJER[|FRIST[|STATUS]]] (gentages / repeatable)"


def _fields(parser: argparse.ArgumentParser, *, adding: bool) -> None:
    parser.add_argument("--title", required=adding, default=None, metavar="TEXT")
    parser.add_argument("--probability", required=adding, default=None, metavar="1-5")
    parser.add_argument("--consequence", required=adding, default=None, metavar="1-5")
    parser.add_argument("--owner", required=adding, default=None, metavar="ORG")
    parser.add_argument("--landsdel", default=None, metavar="KEY")
    parser.add_argument("--component", default=None, metavar="CODE")
    parser.add_argument("--signal", default=None, metavar="KIND:ARG", help=SIGNAL_HELP)
    parser.add_argument("--threshold", default=None, metavar="N")
    parser.add_argument("--description", default=None, metavar="TEXT", help="\"Hvis … så …\"")
    parser.add_argument("--category", default=None, metavar="TEXT")
    parser.add_argument("--strategy", default=None, metavar="undgå|reducér|overfør|acceptér")
    parser.add_argument("--mitigation", action="append", default=None, metavar="TEXT", help=MITIGATION_HELP)
    parser.add_argument("--residual-probability", default=None, metavar="1-5")
    parser.add_argument("--residual-consequence", default=None, metavar="1-5")
    parser.add_argument("--note", default="", metavar="TEXT", help="hvorfor / why")
    parser.add_argument("--json", action="store_true", help=JSON_HELP)


def register(subparsers: argparse._SubParsersAction) -> None:
    risk = subparsers.add_parser("risk", help="risikologgen med advarselslamper / the risk log with warning lamps",
                                 description="Exit 0: done; 1: refused, nothing stored; 2: usage.")
    commands = risk.add_subparsers(dest="risk_command", required=True, metavar="ACTION")

    add = commands.add_parser("add", help="opret en risiko (skriver id'et) / add a risk (prints its id)")
    _fields(add, adding=True)
    add.add_argument("--raised-on", default=None, metavar="DATE", help="standard: i dag / default: today")
    add.set_defaults(handler=cmd_add)

    listing = commands.add_parser("list", help="risici med score og lampe / risks with score and lamp")
    listing.add_argument("--lit", action="store_true", help="kun tændte lamper / lit lamps only")
    listing.add_argument("--as-of", default=None, metavar="DATE", help="standard: seneste data / default: latest data")
    listing.add_argument("--json", action="store_true", help=JSON_HELP)
    listing.set_defaults(handler=cmd_list)

    update = commands.add_parser("update", help="ny version af en risiko / a new version of a risk")
    update.add_argument("risk_id", type=int, metavar="ID")
    _fields(update, adding=False)
    update.add_argument("--status", default=None, metavar="open|closed|accepted")
    update.add_argument("--decision", default=None, metavar="MEETING:ITEM")
    update.set_defaults(handler=cmd_update)

    close = commands.add_parser("close", help="luk en risiko ved en beslutning / close a risk by a decision")
    close.add_argument("risk_id", type=int, metavar="ID")
    close.add_argument("--decision", required=True, metavar="MEETING:ITEM")
    close.add_argument("--note", default="", metavar="TEXT")
    close.add_argument("--json", action="store_true", help=JSON_HELP)
    close.set_defaults(handler=cmd_close)

    show = commands.add_parser("show", help="en risikos historik / a risk's history")
    show.add_argument("risk_id", type=int, metavar="ID")
    show.add_argument("--json", action="store_true", help=JSON_HELP)
    show.set_defaults(handler=cmd_show)


def _change(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from portfolio.risks.service import RiskChange, parse_mitigation

    return RiskChange(
        title=args.title, description=args.description, category=args.category, owner=args.owner,
        landsdel=args.landsdel, component=args.component, probability=args.probability,
        consequence=args.consequence, strategy=args.strategy,
        mitigations=[parse_mitigation(m) for m in args.mitigation] if args.mitigation is not None else None,
        residual_probability=args.residual_probability, residual_consequence=args.residual_consequence,
        signal=args.signal, threshold=args.threshold, status=getattr(args, "status", None),
        decision=getattr(args, "decision", None),
    )


def _score(ctx: CommandContext, risk_id: int) -> tuple[int, int]:
    from portfolio.db import read_session
    from portfolio.risks.reads import history

    with read_session(ctx.engine) as session:
        current = history(session, risk_id)[-1]
        return current.version_no, current.score


def cmd_add(args: argparse.Namespace, ctx: CommandContext) -> int:
    from portfolio.risks import service

    with refusals_exit_1(ctx):
        risk_id = service.add_risk(ctx.engine, _change(args), actor=ctx.user, raised_on=args.raised_on,
                                   note=args.note)
    if args.json:
        ctx.emit_json({"id": risk_id, "score": _score(ctx, risk_id)[1]})
    else:
        ctx.say(str(risk_id))
    return 0


def cmd_update(args: argparse.Namespace, ctx: CommandContext) -> int:
    from portfolio.risks import service

    with refusals_exit_1(ctx):
        version = service.update_risk(ctx.engine, args.risk_id, _change(args), actor=ctx.user, note=args.note)
    _, score = _score(ctx, args.risk_id)
    if args.json:
        ctx.emit_json({"id": args.risk_id, "version": version, "score": score})
    else:
        ctx.say(ctx.msg("risk.cli.updated", id=args.risk_id, version=version, score=score))
    return 0


def cmd_close(args: argparse.Namespace, ctx: CommandContext) -> int:
    from portfolio.risks import service

    with refusals_exit_1(ctx):
        meeting, item = service.parse_decision(args.decision)
        version = service.close_risk(ctx.engine, args.risk_id, decision=args.decision, actor=ctx.user,
                                     note=args.note)
    if args.json:
        ctx.emit_json({"id": args.risk_id, "version": version, "status": "closed", "decision": f"{meeting}:{item}"})
    else:
        ctx.say(ctx.msg("risk.cli.closed", id=args.risk_id, meeting=meeting, item=item))
    return 0


def cmd_list(args: argparse.Namespace, ctx: CommandContext) -> int:
    from portfolio.db import read_session
    from portfolio.risks import reads, service

    with refusals_exit_1(ctx):
        as_of = service.parse_date(args.as_of)
    with read_session(ctx.engine) as session:
        as_of = as_of or reads.default_as_of(session)
        rows = reads.risk_rows(session, as_of, lit_only=args.lit)
        if args.json:
            ctx.emit_json({"as_of": as_of.isoformat(), "risks": [r.as_json(ctx.lang) for r in rows]})
            return 0
        ctx.say(ctx.msg("risk.cli.header", date=as_of.isoformat()))
        if not rows:
            ctx.say(ctx.msg("risk.cli.none"))
        for row in rows:
            v = row.version
            lamp = f"  [{ctx.msg('risk.cli.lit')}] {row.lamp.text(ctx.lang)}" if row.lamp.lit else (
                f"  ({row.lamp.text(ctx.lang)})" if row.lamp.bound else "")
            where = " · ".join(x for x in (v.landsdel_key, v.component_code) if x)
            ctx.say(f"{row.id:>4}  {v.score:>2} ({v.probability}×{v.consequence})  {v.title}  "
                    f"[{t('risk.status.' + v.status.value, ctx.lang)}] {v.owner.key}"
                    f"{' · ' + where if where else ''}{lamp}")
    return 0


def cmd_show(args: argparse.Namespace, ctx: CommandContext) -> int:
    from portfolio.db import read_session
    from portfolio.risks import reads

    with refusals_exit_1(ctx), read_session(ctx.engine) as session:
        versions = reads.history(session, args.risk_id)
        as_of = reads.default_as_of(session)
        rows = [r for r in reads.risk_rows(session, max(as_of, versions[-1].raised_on)) if r.id == args.risk_id]
        if args.json:
            current = rows[0].as_json(ctx.lang) if rows else {}
            ctx.emit_json({**current, "history": [
                {"version": v.version_no, "recorded_at": v.recorded_at.isoformat(timespec="seconds"),
                 "recorded_by": v.recorded_by, "title": v.title, "probability": v.probability,
                 "consequence": v.consequence, "score": v.score, "status": v.status.value, "decision": v.decision,
                 "note": v.note} for v in versions]})
            return 0
        for v in versions:
            ctx.say(ctx.msg("risk.cli.version", version=v.version_no, when=v.recorded_at.isoformat(timespec="minutes"),
                            who=v.recorded_by, title=v.title, score=v.score,
                            status=t("risk.status." + v.status.value, ctx.lang),
                            note=f" · {v.note}" if v.note else ""))
    return 0
