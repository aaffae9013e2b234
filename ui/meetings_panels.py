"""The meeting page's parts (pages/meetings.py): the list and the form for a new meeting, one meeting (participants,
snapshot, agenda, actions, approval, correction, downloads), the fast "mødeafvikling" entry, and the actions board.

Drawn from the read models of ``portfolio.meetings.reads``; every write goes through ``ui.state.run_write`` into
``portfolio.meetings.service`` (callbacks run before the page is drawn, so a refusal or success shows on the next
run). Titles, names and texts come from users: shown in dataframes, with ``st.text`` or through ``literal``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd
import streamlit as st

from portfolio.auth.accounts import AccountInfo
from portfolio.auth.permissions import Action
from portfolio.i18n import format_date, t
from portfolio.meetings import agenda, export, reads, service, views
from portfolio.meetings.domain import ActionStatus, ItemKind, MeetingStatus, Outcome
from portfolio.snapshots.freeze import list_snapshots
from portfolio.snapshots.pdf import find_soffice
from portfolio.text import clip
from ui.language import seeded
from ui.render import literal
from ui.state import cached_query, get_engine, run_write

NOTICE = "mt_notice"
OUTCOMES = ["", *(o.value for o in Outcome)]


@dataclass(frozen=True)
class Page:
    """Who looks, in which language, and whether the account may write meetings."""

    lang: str
    account: AccountInfo
    may_write: bool

    @property
    def actor(self) -> str:
        return self.account.username

    def do(self, write: Callable[[], object], success: str | None = None) -> None:
        """Run a write; its refusal or success is shown on the next run (callbacks run before the page is drawn)."""
        run_write(write, lang=self.lang, notice=NOTICE,
                  success=(lambda result: success.format(result=result)) if success else None)


@dataclass(frozen=True)
class Shown:
    """The chosen meeting as the page shows it (from ``reads.minutes``)."""

    meeting_id: int
    content: dict[str, Any]
    status: MeetingStatus
    frozen: bool
    editable: bool
    item_numbers: list[int]
    item_names: dict[int, str]
    org_pairs: list[tuple[str, str]]
    org_names: dict[str, str]

    @property
    def meeting(self) -> dict[str, Any]:
        return self.content["meeting"]


def shown_meeting(page: Page, meeting_id: int, content: dict[str, Any]) -> Shown:
    status = MeetingStatus(content["meeting"]["status"])
    frozen = status is MeetingStatus.APPROVED
    org_pairs = [(o.key, o.name_en if page.lang == "en" else o.name_da) for o in cached_query(reads.organisations)]
    return Shown(meeting_id=meeting_id, content=content, status=status, frozen=frozen,
                 editable=page.may_write and not frozen, item_numbers=[i["number"] for i in content["items"]],
                 item_names={i["number"]: f"{i['number']}. {i['title']} ({i['kind']})" for i in content["items"]},
                 org_pairs=org_pairs, org_names=dict(org_pairs))


def _snapshot_names(lang: str) -> dict[int, str]:
    return {s.id: f"{s.id} · {format_date(s.as_of, lang, 'short')} · {s.label}" for s in cached_query(list_snapshots)}


def choose_meeting(meetings: Sequence[Any], lang: str) -> int | None:
    """The meeting the second and third tabs show (None when there is none)."""
    if not meetings:
        return None
    names = {m.id: f"{format_date(m.date, lang, 'short')} · {m.title}" for m in meetings}
    seeded("mt_meeting", meetings[0].id, list(names))
    return st.selectbox(t("meeting.page.choose", lang), list(names), key="mt_meeting", format_func=names.get)


# --- the list ------------------------------------------------------------------------------------------


def meeting_list(page: Page, meetings: Sequence[Any]) -> None:
    lang = page.lang
    if meetings:
        st.dataframe(views.meetings_frame(meetings, lang), hide_index=True)
    else:
        st.info(t("meeting.page.none", lang))
    if page.may_write:
        _create_form(page)


def _create_form(page: Page) -> None:
    lang = page.lang
    snapshot_names = _snapshot_names(lang)

    def _create() -> None:
        def write() -> int:
            created = service.create_meeting(get_engine(), meeting_date=st.session_state.get("mt_new_date"),
                                             title=st.session_state.get("mt_new_title", ""), actor=page.actor,
                                             snapshot_id=st.session_state.get("mt_new_snapshot") or None)
            st.session_state["mt_meeting"] = created  # the new meeting is the one to prepare next
            st.session_state["mt_new_title"] = ""
            return created

        page.do(write, t("meeting.page.created", lang, id="{result}"))

    with st.form("mt_create"):
        st.header(t("meeting.page.create", lang))
        cols = st.columns([1, 3, 2])
        seeded("mt_new_date", dt.date.today())
        seeded("mt_new_snapshot", 0, [0, *snapshot_names])
        cols[0].date_input(t("meeting.page.date", lang), key="mt_new_date", format="DD.MM.YYYY")
        cols[1].text_input(t("meeting.page.title_field", lang), key="mt_new_title", max_chars=service.MAX_TITLE)
        cols[2].selectbox(t("meeting.page.snapshot", lang), [0, *snapshot_names], key="mt_new_snapshot",
                          format_func=lambda i: t("meeting.page.no_snapshot", lang) if not i
                          else snapshot_names[i])
        st.form_submit_button(t("meeting.page.create_button", lang), on_click=_create, type="primary")


# --- one meeting -----------------------------------------------------------------------------------------


def meeting_tab(page: Page, shown: Shown) -> None:
    _heading(page, shown)
    _participants(page, shown)
    if shown.editable:
        _tie_snapshot(page, shown)
    _agenda(page, shown)
    if shown.editable:
        _add_item_form(page, shown)
    _actions_and_followups(page, shown)
    if page.may_write and shown.status is MeetingStatus.HELD:
        _approve_form(page, shown)
    if page.may_write and shown.frozen and shown.item_numbers:
        _correct_form(page, shown)
    _downloads(page, shown)


def _heading(page: Page, shown: Shown) -> None:
    lang, meeting, content = page.lang, shown.meeting, shown.content
    st.header(t("meeting.page.header", lang, date=format_date(dt.date.fromisoformat(meeting["date"]), lang),
                title=literal(meeting["title"]), status=t(f"meeting.status.{shown.status.value}", lang)))
    snapshot = content.get("snapshot")
    st.text(t("meeting.page.snapshot_line", lang, id=snapshot["id"], label=snapshot["label"],
              as_of=format_date(dt.date.fromisoformat(snapshot["as_of"]), lang)) if snapshot
            else t("meeting.page.no_snapshot_line", lang))
    if shown.frozen:
        revision = content.get("revision") or {}
        st.info(t("meeting.page.frozen", lang, how=export._approval_text(content, lang), by=meeting["approved_by"],
                  at=format_date(dt.date.fromisoformat(meeting["approved_at"][:10]), lang)) +
                f" (rev. {revision.get('number', 1)})")


def _participants(page: Page, shown: Shown) -> None:
    lang, content = page.lang, shown.content
    with st.expander(f"{t('meeting.page.participants', lang)} ({len(content['participants'])})"):
        if content["participants"]:
            st.text(", ".join(f"{p['name']} ({reads.org_name(p['organisation'], lang)})"
                              + (f" – {t('meeting.minutes.partial', lang).lower()}" if p["partial"] else "")
                              for p in content["participants"]))
        if shown.editable:
            _person_form(page, shown)


def _person_form(page: Page, shown: Shown) -> None:
    lang, org_names = page.lang, shown.org_names

    def _add_person() -> None:
        page.do(lambda: service.add_participants(get_engine(), shown.meeting_id, [service.ParticipantInput(
            st.session_state.get("mt_person_org", ""), st.session_state.get("mt_person_name", ""),
            bool(st.session_state.get("mt_person_partial")))], actor=page.actor), t("meeting.page.saved", lang))
        st.session_state["mt_person_name"] = ""

    with st.form("mt_person"):
        cols = st.columns([3, 3, 2])
        seeded("mt_person_org", shown.org_pairs[0][0], list(org_names))
        cols[0].text_input(t("meeting.page.person", lang), key="mt_person_name", max_chars=service.MAX_NAME)
        cols[1].selectbox(t("meeting.page.organisation", lang), list(org_names), key="mt_person_org",
                          format_func=org_names.get)
        cols[2].checkbox(t("meeting.minutes.partial", lang), key="mt_person_partial")
        st.form_submit_button(t("meeting.page.add_person", lang), on_click=_add_person)


def _tie_snapshot(page: Page, shown: Shown) -> None:
    lang = page.lang
    choices = _snapshot_names(lang)
    tie_key = f"mt_tie_{shown.meeting_id}"  # per meeting: the choice shown is the meeting's own

    def _tie() -> None:
        page.do(lambda: service.set_snapshot(get_engine(), shown.meeting_id, st.session_state.get(tie_key) or None,
                                             actor=page.actor), t("meeting.page.saved", lang))

    seeded(tie_key, (shown.content.get("snapshot") or {}).get("id", 0), [0, *choices])
    st.selectbox(t("meeting.page.tie", lang), [0, *choices], key=tie_key, on_change=_tie,
                 format_func=lambda i: t("meeting.page.no_snapshot", lang) if not i else choices[i])


def _agenda(page: Page, shown: Shown) -> None:
    lang, content = page.lang, shown.content
    st.markdown(f"### {t('meeting.page.agenda', lang)}")
    if shown.editable and content.get("snapshot"):
        def _draft() -> None:
            page.do(lambda: len(agenda.draft_agenda(get_engine(), shown.meeting_id, actor=page.actor, lang=lang)),
                    t("meeting.page.drafted", lang, n="{result}"))

        st.button(t("meeting.page.draft_button", lang), on_click=_draft, key="mt_draft",
                  icon=":material/auto_awesome:")
    if content["items"]:
        st.dataframe(views.items_frame(content, lang), hide_index=True)
    else:
        st.info(t("meeting.page.no_items", lang))
    if shown.editable and content["items"]:
        with st.expander(t("meeting.page.agenda_edit", lang)):
            _agenda_editor(page, shown)


def _agenda_editor(page: Page, shown: Shown) -> None:
    lang, meeting_id = page.lang, shown.meeting_id
    live = cached_query(reads.live_items_plain, meeting_id)
    frame = pd.DataFrame([{"id": i["id"], "nr": i["number"], "kind": i["kind"], "title": i["title"],
                           "drop": False} for i in live])
    edited = st.data_editor(frame, hide_index=True, key=f"mt_agenda_{meeting_id}", disabled=["id"],
                            column_config={
                                "id": None,
                                "nr": st.column_config.NumberColumn(t("meeting.col.number", lang),
                                                                    min_value=1, step=1),
                                "kind": st.column_config.SelectboxColumn(
                                    t("meeting.col.kind", lang), options=[k.value for k in ItemKind]),
                                "title": st.column_config.TextColumn(t("meeting.col.title", lang),
                                                                     max_chars=service.MAX_TITLE),
                                "drop": st.column_config.CheckboxColumn(t("meeting.col.drop", lang))})
    if st.button(t("meeting.page.save_agenda", lang), key="mt_save_agenda"):
        page.do(lambda: service.edit_agenda(get_engine(), meeting_id, [
            service.ItemEdit(int(r["id"]), int(r["nr"]) if pd.notna(r["nr"]) else 0,
                             str(r["title"]) if pd.notna(r["title"]) else "",
                             str(r["kind"]) if pd.notna(r["kind"]) else "", bool(r["drop"]))
            for r in edited.to_dict("records")], actor=page.actor),
            t("meeting.page.saved", lang))
        st.rerun()


def _add_item_form(page: Page, shown: Shown) -> None:
    lang, org_names = page.lang, shown.org_names

    def _add_item() -> None:
        page.do(lambda: service.add_item(get_engine(), shown.meeting_id, service.ItemInput(
            title=st.session_state.get("mt_item_title", ""), kind=st.session_state.get("mt_item_kind", "O"),
            presenter=st.session_state.get("mt_item_presenter") or None), actor=page.actor),
            t("meeting.cli.item_added", lang, number="{result}", meeting=shown.meeting_id))
        st.session_state["mt_item_title"] = ""

    with st.form("mt_add_item"):
        st.markdown(f"**{t('meeting.page.add_item', lang)}**")
        cols = st.columns([4, 1, 2])
        seeded("mt_item_kind", ItemKind.O.value, [k.value for k in ItemKind])
        seeded("mt_item_presenter", "", ["", *org_names])
        cols[0].text_input(t("meeting.page.item_title", lang), key="mt_item_title", max_chars=service.MAX_TITLE)
        cols[1].selectbox(t("meeting.page.item_kind", lang), [k.value for k in ItemKind], key="mt_item_kind",
                          format_func=lambda k: f"({k}) {t('meeting.kind.' + k, lang)}")
        cols[2].selectbox(t("meeting.page.presenter", lang), ["", *org_names], key="mt_item_presenter",
                          format_func=lambda k: t("meeting.page.none_org", lang) if not k else org_names[k])
        st.form_submit_button(t("meeting.page.add_button", lang), on_click=_add_item)


def _actions_and_followups(page: Page, shown: Shown) -> None:
    lang, content = page.lang, shown.content
    actions_here = views.item_actions_frame(content, lang)
    if len(actions_here):
        st.markdown(f"### {t('meeting.page.actions_here', lang)}")
        st.dataframe(actions_here, hide_index=True)
    if content["followups"]:
        st.markdown(f"### {t('meeting.page.followups', lang)}")
        st.dataframe(views.followups_frame(content, lang), hide_index=True)


def _approve_form(page: Page, shown: Shown) -> None:
    lang = page.lang

    def _approve() -> None:
        page.do(lambda: service.approve(get_engine(), shown.meeting_id, actor=page.actor,
                                        written_procedure=bool(st.session_state.get("mt_written"))),
                t("meeting.page.approved", lang, revision="{result}"))

    with st.form("mt_approve"):
        st.markdown(f"**{t('meeting.page.approve', lang)}**")
        st.checkbox(t("meeting.page.written", lang), key="mt_written")
        st.form_submit_button(t("meeting.page.approve_button", lang), on_click=_approve, type="primary")


def _correct_form(page: Page, shown: Shown) -> None:
    lang, meeting_id, item_numbers = page.lang, shown.meeting_id, shown.item_numbers

    def _correct() -> None:
        outcome = st.session_state.get("mt_fix_outcome")
        page.do(lambda: service.correct_minutes(get_engine(), meeting_id, st.session_state.get("mt_fix_item"),
                                                reason=st.session_state.get("mt_fix_reason", ""),
                                                text=st.session_state.get("mt_fix_text") or None,
                                                outcome=outcome or None, actor=page.actor),
                t("meeting.cli.corrected", lang, id=meeting_id, revision="{result}"))

    with st.expander(t("meeting.page.correct", lang)), st.form("mt_correct"):
        seeded("mt_fix_item", item_numbers[0], item_numbers)
        seeded("mt_fix_outcome", "", OUTCOMES)
        st.selectbox(t("meeting.page.item_choice", lang), item_numbers, key="mt_fix_item",
                     format_func=shown.item_names.get)
        st.selectbox(t("meeting.page.outcome", lang), OUTCOMES, key="mt_fix_outcome",
                     format_func=lambda o: "–" if not o else t(f"meeting.outcome.{o}", lang))
        st.text_area(t("meeting.page.conclusion_text", lang), key="mt_fix_text")
        st.text_input(t("meeting.page.reason", lang), key="mt_fix_reason")
        st.form_submit_button(t("meeting.page.correct_button", lang), on_click=_correct)


def _downloads(page: Page, shown: Shown) -> None:
    lang = page.lang
    st.markdown(f"### {t('meeting.page.downloads', lang)}")

    def _deferred(fmt: str) -> Callable[[], bytes]:
        return lambda: export.export_minutes(get_engine(), shown.meeting_id, fmt, actor=page.actor, lang=lang).data

    cols = st.columns(2)
    for col, fmt in zip(cols, export.FORMATS, strict=True):
        col.download_button(t(f"meeting.page.download_{fmt}", lang), data=_deferred(fmt),
                            file_name=export.file_name(shown.content, fmt), mime=export.MIME[fmt],
                            key=f"mt_dl_{fmt}", on_click="ignore", disabled=fmt == "pdf" and find_soffice() is None,
                            icon=":material/download:")


# --- mødeafvikling: fast entry while the meeting is held -------------------------------------------------


def run_tab(page: Page, shown: Shown) -> None:
    lang = page.lang
    if not page.may_write:
        st.caption(t("meeting.page.read_only", lang))
    elif shown.frozen:
        st.info(t("meeting.page.run_planned_only", lang))
    elif not shown.item_numbers:
        st.info(t("meeting.page.no_items", lang))
    else:
        st.caption(t("meeting.page.run_intro", lang))
        _run_form(page, shown)
        for item in shown.content["items"]:
            if item["conclusion"]:
                st.text(f"{item['number']}. ({item['kind']}) {item['title']}: "
                        f"{t('meeting.outcome.' + item['conclusion']['outcome'], lang)}")


def _run_form(page: Page, shown: Shown) -> None:
    lang, meeting_id, org_names, item_numbers = page.lang, shown.meeting_id, shown.org_names, shown.item_numbers

    def _record() -> None:
        number = st.session_state.get("mt_run_item")
        outcome = st.session_state.get("mt_run_outcome")
        text = st.session_state.get("mt_run_text", "")
        action_text = (st.session_state.get("mt_run_action") or "").strip()

        def write() -> int:
            engine = get_engine()
            if outcome:
                service.conclude(engine, meeting_id, number, outcome=outcome, text=text, actor=page.actor)
            if action_text:
                service.add_action(engine, meeting_id=meeting_id, item_number=number, text=action_text,
                                   owner=st.session_state.get("mt_run_owner"),
                                   due=st.session_state.get("mt_run_due"), actor=page.actor)
            return number

        page.do(write, t("meeting.page.saved", lang))
        if st.session_state.get(NOTICE, ("",))[0] == "success":
            for key in ("mt_run_text", "mt_run_action"):
                st.session_state[key] = ""

    with st.form("mt_run"):
        seeded("mt_run_item", item_numbers[0], item_numbers)
        seeded("mt_run_outcome", "", OUTCOMES)
        seeded("mt_run_owner", "", ["", *org_names])
        seeded("mt_run_due", None)
        st.selectbox(t("meeting.page.item_choice", lang), item_numbers, key="mt_run_item",
                     format_func=shown.item_names.get)
        st.selectbox(t("meeting.page.outcome", lang), OUTCOMES, key="mt_run_outcome",
                     format_func=lambda o: "–" if not o else t(f"meeting.outcome.{o}", lang))
        st.text_area(t("meeting.page.conclusion_text", lang), key="mt_run_text", height=100)
        cols = st.columns([4, 2, 1])
        cols[0].text_input(t("meeting.page.action_text", lang), key="mt_run_action")
        cols[1].selectbox(t("meeting.page.owner", lang), ["", *org_names], key="mt_run_owner",
                          format_func=lambda k: "–" if not k else org_names[k])
        cols[2].date_input(t("meeting.page.due", lang), key="mt_run_due", format="DD.MM.YYYY")
        st.form_submit_button(t("meeting.page.conclude_button", lang), on_click=_record, type="primary")


# --- the actions board ----------------------------------------------------------------------------------


def actions_board(page: Page, org_names: dict[str, str], as_of_default: dt.date | None) -> None:
    lang = page.lang
    cols = st.columns([2, 2, 1])
    seeded("mt_board_show", "open", ["open", "overdue", "all"])
    seeded("mt_board_owner", "", ["", *org_names])
    seeded("mt_board_as_of", as_of_default or dt.date.today())
    show = cols[0].radio(t("meeting.page.board_filter", lang), ["open", "overdue", "all"], key="mt_board_show",
                         horizontal=True, format_func=lambda k: t(f"meeting.page.board_{k}", lang))
    owner = cols[1].selectbox(t("meeting.page.board_owner", lang), ["", *org_names], key="mt_board_owner",
                              format_func=lambda k: t("meeting.page.board_all_owners", lang) if not k
                              else org_names[k])
    # The shared "status pr." date of the sidebar (the newest reported date by default).
    as_of = cols[2].date_input(t("meeting.page.board_as_of", lang), key="mt_board_as_of", format="DD.MM.YYYY")
    board = cached_query(reads.list_actions, as_of=as_of, open_only=show == "open", overdue_only=show == "overdue",
                         owner=owner or None)
    if board:
        st.dataframe(views.actions_frame(board, lang), hide_index=True)
    else:
        st.info(t("meeting.cli.no_actions", lang))
    updatable = {r.id: f"{r.id} · {clip(r.text, 80, ellipsis=True)}" for r in board
                 if page.account.may(Action.UPDATE_MEETING_ACTION, landsdel_key=r.owner_landsdel)}
    if updatable:
        _update_form(page, updatable)
    elif board:
        st.caption(t("meeting.page.no_updatable", lang))


def _update_form(page: Page, updatable: dict[int, str]) -> None:
    lang = page.lang

    def _update() -> None:
        chosen = st.session_state.get("mt_upd_action")
        page.do(lambda: service.update_action(get_engine(), chosen, status=st.session_state.get("mt_upd_status"),
                                              note=st.session_state.get("mt_upd_note", ""), actor=page.actor),
                t("meeting.page.updated", lang, id=chosen))

    with st.form("mt_update"):
        seeded("mt_upd_action", next(iter(updatable)), list(updatable))
        seeded("mt_upd_status", ActionStatus.OPEN.value, [a.value for a in ActionStatus])
        st.markdown(f"**{t('meeting.page.update', lang)}**")
        st.selectbox(t("meeting.page.update_choice", lang), list(updatable), key="mt_upd_action",
                     format_func=updatable.get)
        st.radio(t("meeting.page.status", lang), [s.value for s in ActionStatus], key="mt_upd_status",
                 horizontal=True, format_func=lambda s: t(f"meeting.action_status.{s}", lang))
        st.text_input(t("meeting.page.note", lang), key="mt_upd_note")
        st.form_submit_button(t("meeting.page.update_button", lang), on_click=_update)
