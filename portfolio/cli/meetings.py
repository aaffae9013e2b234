"""Meeting register commands: `portfolio meeting create | list | show | draft-agenda | item add | conclude |
approve | correct | export` and `portfolio action add | list | update`.

Exit 0: done; 1: refused (bad input, unknown meeting/item/owner, approved minutes, not allowed), nothing stored;
2: usage. Text output in PORTFOLIO_LANG (Danish by default); --json keys are English. Values that could be bad
input (dates, kinds, outcomes, statuses, owners) are checked by the service, so they exit 1 with a message.
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path
from typing import Any

from portfolio.cli.base import CommandContext, CommandRefused, refusals_exit_1
from portfolio.i18n import format_date, t

JSON_HELP = "maskinlæsbart output / machine-readable output"


def register(subparsers: argparse._SubParsersAction) -> None:
    _register_meeting(subparsers)
    _register_action(subparsers)


def _register_meeting(subparsers: argparse._SubParsersAction) -> None:
    meeting = subparsers.add_parser("meeting", help="møderegistret: dagsorden, konklusioner, referat / the meeting "
                                    "register: agenda, conclusions, minutes", description="Exit 0: done; 1: refused; "
                                    "2: usage.")
    commands = meeting.add_subparsers(dest="meeting_command", required=True, metavar="ACTION")

    create = commands.add_parser("create", help="opret et møde (skriver id'et) / create a meeting (prints its id)")
    create.add_argument("--date", required=True, metavar="DATE", help="ÅÅÅÅ-MM-DD")
    create.add_argument("--title", required=True, metavar="TEXT")
    create.add_argument("--snapshot", type=int, default=None, metavar="ID", help="det snapshot mødet holdes på / "
                        "the snapshot the meeting is held on")
    create.add_argument("--json", action="store_true", help=JSON_HELP)
    create.set_defaults(handler=cmd_create)

    listing = commands.add_parser("list", help="vis møderne / list the meetings")
    listing.add_argument("--json", action="store_true", help=JSON_HELP)
    listing.set_defaults(handler=cmd_list)

    show = commands.add_parser("show", help="vis et møde med dagsorden, konklusioner og opfølgning / show a meeting")
    show.add_argument("meeting_id", type=int, metavar="ID")
    show.add_argument("--json", action="store_true", help=JSON_HELP)
    show.set_defaults(handler=cmd_show)

    draft = commands.add_parser("draft-agenda", help="foreslå punkter ud fra snapshottet / propose items from the "
                                "snapshot data")
    draft.add_argument("meeting_id", type=int, metavar="ID")
    draft.add_argument("--json", action="store_true", help=JSON_HELP)
    draft.set_defaults(handler=cmd_draft)

    item = commands.add_parser("item", help="dagsordenspunkter / agenda items")
    item_commands = item.add_subparsers(dest="item_command", required=True, metavar="ACTION")
    add = item_commands.add_parser("add", help="tilføj et punkt / add an item")
    add.add_argument("meeting_id", type=int, metavar="ID")
    add.add_argument("--title", required=True, metavar="TEXT")
    add.add_argument("--kind", required=True, metavar="O|B|D")
    add.add_argument("--presenter", default=None, metavar="ORG")
    add.add_argument("--json", action="store_true", help=JSON_HELP)
    add.set_defaults(handler=cmd_item_add)

    conclude = commands.add_parser("conclude", help="registrér et punkts udfald / record an item's outcome")
    conclude.add_argument("meeting_id", type=int, metavar="ID")
    conclude.add_argument("item", type=int, metavar="ITEM")
    conclude.add_argument("--outcome", required=True,
                          metavar="taken_note|approved|approved_with_remarks|rejected|postponed")
    conclude.add_argument("--text", required=True, metavar="TEXT")
    conclude.add_argument("--json", action="store_true", help=JSON_HELP)
    conclude.set_defaults(handler=cmd_conclude)

    approve = commands.add_parser("approve", help="godkend og frys referatet / approve and freeze the minutes")
    approve.add_argument("meeting_id", type=int, metavar="ID")
    approve.add_argument("--written-procedure", action="store_true", help="godkendt i skriftlig proces / approved "
                         "in written procedure")
    approve.add_argument("--at-meeting", type=int, default=None, metavar="ID",
                         help="mødet, hvor referatet blev godkendt / the meeting that approved the minutes")
    approve.add_argument("--json", action="store_true", help=JSON_HELP)
    approve.set_defaults(handler=cmd_approve)

    correct = commands.add_parser("correct", help="ret et godkendt referat (ny revision) / correct approved minutes "
                                  "(a new revision)")
    correct.add_argument("meeting_id", type=int, metavar="ID")
    correct.add_argument("item", type=int, metavar="ITEM")
    correct.add_argument("--reason", required=True, metavar="TEXT")
    correct.add_argument("--text", default=None, metavar="TEXT")
    correct.add_argument("--outcome", default=None, metavar="OUTCOME")
    correct.set_defaults(handler=cmd_correct)

    export = commands.add_parser("export", help="referatet som Word eller PDF / the minutes as Word or PDF")
    export.add_argument("meeting_id", type=int, metavar="ID")
    export.add_argument("--format", required=True, metavar="docx|pdf")
    export.add_argument("--out", required=True, type=Path, metavar="PATH")
    export.set_defaults(handler=cmd_export)


def _register_action(subparsers: argparse._SubParsersAction) -> None:
    action = subparsers.add_parser("action", help="opfølgningspunkter / follow-up actions",
                                   description="Exit 0: done; 1: refused; 2: usage.")
    commands = action.add_subparsers(dest="action_command", required=True, metavar="ACTION")

    add = commands.add_parser("add", help="opret et opfølgningspunkt / add a follow-up action")
    add.add_argument("--meeting", type=int, required=True, metavar="ID")
    add.add_argument("--item", type=int, required=True, metavar="N")
    add.add_argument("--text", required=True, metavar="TEXT")
    add.add_argument("--owner", default=None, metavar="ORG")
    add.add_argument("--due", default=None, metavar="DATE")
    add.add_argument("--json", action="store_true", help=JSON_HELP)
    add.set_defaults(handler=cmd_action_add)

    listing = commands.add_parser("list", help="vis opfølgningspunkter / list follow-up actions")
    listing.add_argument("--open", action="store_true", help="kun åbne / open ones only")
    listing.add_argument("--overdue", action="store_true", help="kun overskredne / overdue ones only")
    listing.add_argument("--owner", default=None, metavar="ORG")
    listing.add_argument("--as-of", default=None, metavar="DATE", help="standard: i dag / default: today")
    listing.add_argument("--json", action="store_true", help=JSON_HELP)
    listing.set_defaults(handler=cmd_action_list)

    update = commands.add_parser("update", help="ny status for et opfølgningspunkt / a new status of an action")
    update.add_argument("action_id", type=int, metavar="ID")
    update.add_argument("--status", required=True, metavar="open|done|dropped")
    update.add_argument("--note", default="", metavar="TEXT")
    update.add_argument("--json", action="store_true", help=JSON_HELP)
    update.set_defaults(handler=cmd_action_update)


# --- handlers ---------------------------------------------------------------------------------------------


def cmd_create(args: argparse.Namespace, ctx: CommandContext) -> int:
    from portfolio.meetings import service

    with refusals_exit_1(ctx):
        meeting_id = service.create_meeting(ctx.engine, meeting_date=args.date, title=args.title, actor=ctx.user,
                                            snapshot_id=args.snapshot)
    if args.json:
        ctx.emit_json({"id": meeting_id})
    else:
        ctx.say(str(meeting_id))
    return 0


def cmd_list(args: argparse.Namespace, ctx: CommandContext) -> int:
    from portfolio.db import read_session
    from portfolio.meetings import reads

    with read_session(ctx.engine) as session:
        rows = reads.list_meetings(session)
    if args.json:
        ctx.emit_json([r.as_json() for r in rows])
        return 0
    if not rows:
        ctx.say(ctx.msg("meeting.cli.none"))
    for r in rows:
        snapshot = f"  snapshot {r.snapshot_id}" if r.snapshot_id else ""
        ctx.say(f"{r.id:>4}  {r.date.isoformat()}  {r.title}  [{t(f'meeting.status.{r.status.value}', ctx.lang)}]"
                f"  {r.items} {t('meeting.col.items', ctx.lang).lower()}{snapshot}")
    return 0


def _due_text(value: str | None, lang: str) -> str:
    return format_date(dt.date.fromisoformat(value), lang, "short") if value else "–"


def minutes_lines(content: dict[str, Any], lang: str) -> list[str]:
    """The minutes as text lines for the terminal."""
    from portfolio.meetings.reads import org_name

    meeting = content["meeting"]
    lines = [f"{meeting['id']}  {format_date(dt.date.fromisoformat(meeting['date']), lang)}  {meeting['title']}  "
             f"[{t('meeting.status.' + meeting['status'], lang)}]"]
    if content.get("snapshot"):
        s = content["snapshot"]
        lines.append(t("meeting.minutes.snapshot", lang, id=s["id"], label=s["label"],
                       as_of=format_date(dt.date.fromisoformat(s["as_of"]), lang)))
    if content.get("participants"):
        lines.append(t("meeting.minutes.participants", lang) + ": " + ", ".join(
            f"{p['name']} ({org_name(p['organisation'], lang)})" for p in content["participants"]))
    for item in content["items"]:
        presenter = f" – {org_name(item['presenter'], lang)}" if item.get("presenter") else ""
        lines.append("")
        lines.append(f"{item['number']}. {item['title']} ({item['kind']}){presenter}")
        if item.get("reason"):
            lines.append(f"   {t('meeting.col.reason', lang)}: {item['reason']}")
        if item.get("conclusion"):
            c = item["conclusion"]
            lines.append(f"   {t('meeting.minutes.conclusion', lang)}: {t('meeting.outcome.' + c['outcome'], lang)}"
                         + (f" – {c['text']}" if c.get("text") else ""))
        for a in item.get("actions", []):
            lines.append(f"   [{a['id']}] " + t("meeting.minutes.action_line", lang, text=a["text"],
                                                owner=org_name(a["owner"], lang), due=_due_text(a["due"], lang)))
    if content.get("followups"):
        lines.append("")
        lines.append(t("meeting.minutes.followups", lang))
        for a in content["followups"]:
            status = t("meeting.action_status." + a["status"], lang) + (
                f" ({t('meeting.overdue', lang)})" if a["overdue"] else "")
            lines.append(f"   [{a['id']}] " + t("meeting.minutes.followup_line", lang, text=a["text"],
                                                owner=org_name(a["owner"], lang), due=_due_text(a["due"], lang),
                                                status=status))
    return lines


def cmd_show(args: argparse.Namespace, ctx: CommandContext) -> int:
    from portfolio.db import read_session
    from portfolio.meetings import reads

    with refusals_exit_1(ctx), read_session(ctx.engine) as session:
        content = reads.minutes(session, args.meeting_id)
    if args.json:
        ctx.emit_json(content)
    else:
        for line in minutes_lines(content, ctx.lang):
            ctx.say(line)
    return 0


def cmd_draft(args: argparse.Namespace, ctx: CommandContext) -> int:
    from portfolio.meetings import agenda

    with refusals_exit_1(ctx):
        added = agenda.draft_agenda(ctx.engine, args.meeting_id, actor=ctx.user, lang=ctx.lang)
    if args.json:
        ctx.emit_json([{"number": number, **proposal.as_json()} for number, proposal in added])
        return 0
    if not added:
        ctx.say(ctx.msg("meeting.draft.none_new"))
        return 0
    ctx.say(ctx.msg("meeting.cli.drafted", n=len(added), meeting=args.meeting_id))
    for number, proposal in added:
        ctx.say(f"{number:>3}. {proposal.title} ({proposal.kind.value})")
        ctx.say(f"     {proposal.reason}")
    return 0


def cmd_item_add(args: argparse.Namespace, ctx: CommandContext) -> int:
    from portfolio.meetings import service

    with refusals_exit_1(ctx):
        number = service.add_item(ctx.engine, args.meeting_id,
                                  service.ItemInput(title=args.title, kind=args.kind, presenter=args.presenter),
                                  actor=ctx.user)
    if args.json:
        ctx.emit_json({"meeting_id": args.meeting_id, "number": number})
    else:
        ctx.say(ctx.msg("meeting.cli.item_added", number=number, meeting=args.meeting_id))
    return 0


def cmd_conclude(args: argparse.Namespace, ctx: CommandContext) -> int:
    from portfolio.meetings import service

    with refusals_exit_1(ctx):
        service.conclude(ctx.engine, args.meeting_id, args.item, outcome=args.outcome, text=args.text, actor=ctx.user)
    if args.json:
        ctx.emit_json({"meeting_id": args.meeting_id, "item": args.item, "outcome": args.outcome.strip().lower()})
        return 0
    ctx.say(ctx.msg("meeting.cli.concluded", item=args.item,
                    outcome=t(f"meeting.outcome.{args.outcome.strip().lower()}", ctx.lang)))
    return 0


def cmd_approve(args: argparse.Namespace, ctx: CommandContext) -> int:
    from portfolio.meetings import service

    with refusals_exit_1(ctx):
        revision = service.approve(ctx.engine, args.meeting_id, actor=ctx.user,
                                   written_procedure=args.written_procedure, at_meeting_id=args.at_meeting)
    if args.json:
        ctx.emit_json({"meeting_id": args.meeting_id, "revision": revision,
                       "method": "written_procedure" if args.written_procedure else "meeting",
                       "at_meeting_id": args.at_meeting})
        return 0
    how = t("meeting.approval.written_procedure" if args.written_procedure else "meeting.approval.meeting_plain",
            ctx.lang)
    ctx.say(ctx.msg("meeting.cli.approved", id=args.meeting_id, how=how, revision=revision))
    return 0


def cmd_correct(args: argparse.Namespace, ctx: CommandContext) -> int:
    from portfolio.meetings import service

    with refusals_exit_1(ctx):
        revision = service.correct_minutes(ctx.engine, args.meeting_id, args.item, reason=args.reason,
                                           text=args.text, outcome=args.outcome, actor=ctx.user)
    ctx.say(ctx.msg("meeting.cli.corrected", id=args.meeting_id, revision=revision))
    return 0


def cmd_export(args: argparse.Namespace, ctx: CommandContext) -> int:
    from portfolio.meetings import export

    out: Path = args.out
    if not out.parent.is_dir():
        raise CommandRefused(ctx.msg("meeting.error.out_dir", path=out.parent))
    with refusals_exit_1(ctx):
        result = export.export_minutes(ctx.engine, args.meeting_id, args.format, actor=ctx.user, lang=ctx.lang)
    out.write_bytes(result.data)
    ctx.say(ctx.msg("meeting.cli.exported", path=out, size=len(result.data)))
    return 0


def cmd_action_add(args: argparse.Namespace, ctx: CommandContext) -> int:
    from portfolio.meetings import service

    with refusals_exit_1(ctx):
        action_id = service.add_action(ctx.engine, meeting_id=args.meeting, item_number=args.item, text=args.text,
                                       owner=args.owner, due=args.due, actor=ctx.user)
    if args.json:
        ctx.emit_json({"id": action_id})
    else:
        ctx.say(ctx.msg("meeting.cli.action_added", id=action_id))
    return 0


def cmd_action_list(args: argparse.Namespace, ctx: CommandContext) -> int:
    from portfolio.db import read_session
    from portfolio.meetings import reads, service

    with refusals_exit_1(ctx), read_session(ctx.engine) as session:
        rows = reads.list_actions(session, as_of=service.parse_date(args.as_of), open_only=args.open,
                                  overdue_only=args.overdue, owner=args.owner)
    if args.json:
        ctx.emit_json([r.as_json() for r in rows])
        return 0
    if not rows:
        ctx.say(ctx.msg("meeting.cli.no_actions"))
    for r in rows:
        flag = f" [{t('meeting.overdue', ctx.lang)}]" if r.overdue else ""
        due = format_date(r.due, ctx.lang, "short") if r.due else "–"
        ctx.say(f"{r.id:>4}  {t('meeting.action_status.' + r.status.value, ctx.lang):<10} {due:<10} "
                f"{reads.org_name(r.owner, ctx.lang)}: {r.text}{flag}")
    return 0


def cmd_action_update(args: argparse.Namespace, ctx: CommandContext) -> int:
    from portfolio.meetings import service

    with refusals_exit_1(ctx):
        status = service.update_action(ctx.engine, args.action_id, status=args.status, note=args.note,
                                       actor=ctx.user)
    if args.json:
        ctx.emit_json({"id": args.action_id, "status": status.value})
    else:
        ctx.say(ctx.msg("meeting.cli.action_updated", id=args.action_id,
                        status=t(f"meeting.action_status.{status.value}", ctx.lang)))
    return 0
