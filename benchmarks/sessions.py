"""(f) People at a meeting working at once on the two-process service (deploy/ on loopback), against one alone.

    python -m benchmarks.sessions DATABASE_URL [--sessions 30] [--duration 60] [--alone 20] [--filter …]
                                               [--client protocol|chromium]

Starts both app processes and nginx as tests/browser/test_service_browser.py does (tests/support/service.py) and
gives each session a login cookie of its own (the accounts of `portfolio demo`, in turn) and a routing cookie of its
own (nginx spreads sessions over the processes by it). Every session opens a page and then, for a fixed time, does
what a member at the meeting does: reads for 1–3 s (random), then changes a filter: by default the infrastructure
page's what-if ("Skred i uger", one week up, then down again: "what if FUT slips a week more?"), or with
``--filter key-milestones`` the milestones page's "Kun nøglemilepæle", on and off.

Two kinds of session, ``--client``:

- ``protocol`` (the default, the figure of goal (f)): each session is a browser tab's conversation with the app
  spoken over its WebSocket by benchmarks/streamlit_client.py: the same requests a tab sends (page, widget values,
  the hashes of the messages it has cached), the same messages back, without drawing them. At a meeting the
  browsers run on the members' laptops; here they would share the service's two cores, so this client leaves the
  cores to the service and the figure measures the service.
- ``chromium``: each session a Chromium page, timed from the click. On this machine the 30 pages use most of the
  two cores themselves (``cores_while_together`` says how much), so the figure measures the browsers as much as
  the service; it is reported beside the protocol figure.

A rerun is timed from the change until the app's "script finished" message for it (for Chromium read from the
page's WebSocket frames: the page's running/not-running attribute never changes when both messages of a short
rerun arrive in one burst).

Each session, once open, changes its filter and back untimed (``Person.warm``): a choice's first result is
computed once and then cached for every session, and what is timed is a meeting's reruns.

One run, three phases, so that the ratio compares times taken under the same conditions of the machine: one
session alone (``--alone`` seconds), all ``--sessions`` at once (``--duration`` seconds, timed from the moment
all are loaded), and the same session alone again. The figure is the 95th percentile of the concurrent reruns
against the 95th percentile of the lone session's (both phases together); the median is reported beside it.
Every rerun is checked: no exception on the page, the page names the session's own account, and the session's
own choice holds (Chromium: the filter shows it; protocol: the same account and choice always get the same page
text, whichever session asked and on whichever process, so an answer meant for another session shows).
Prints JSON.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import hashlib
import json
import random
import secrets
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

APP = '[data-testid="stApp"]'


class KeyMilestones:
    """The milestones page's "Kun nøglemilepæle" (dash.ms.key_only), on and off: the table and every timeline."""

    path, label = "/milestones", "Kun nøglemilepæle"
    widget, value_field = "checkbox", "bool_value"  # the widget as the protocol names it, and its value's field

    def __init__(self, page) -> None:  # type: ignore[no-untyped-def]
        self.box = page.get_by_role("checkbox", name=self.label)
        self.text = page.get_by_text(self.label, exact=True)

    @staticmethod
    def following(state: object) -> object:
        return not state

    async def state(self) -> object:
        await self.box.wait_for(timeout=RERUN_TIMEOUT_MS)
        return await self.box.is_checked()

    async def change(self, state: object) -> object:
        await self.text.click(timeout=RERUN_TIMEOUT_MS)
        return self.following(state)


class WhatIfWeeks:
    """The infrastructure page's what-if, "Skred i uger" (dash.infra.whatif_weeks), one week up and down again."""

    path, label = "/infrastructure", "Skred i uger"
    widget, value_field = "number_input", "int_value"

    def __init__(self, page) -> None:  # type: ignore[no-untyped-def]
        self.field = page.get_by_label(self.label, exact=True)
        widget = page.locator('[data-testid="stNumberInput"]').filter(has=self.field)
        self.up = widget.locator('[data-testid="stNumberInputStepUp"]')
        self.down = widget.locator('[data-testid="stNumberInputStepDown"]')

    @staticmethod
    def following(state: object) -> object:
        weeks = int(state)  # type: ignore[call-overload]
        return weeks + 1 if weeks % 2 == 0 else weeks - 1

    async def state(self) -> object:
        await self.field.wait_for(timeout=RERUN_TIMEOUT_MS)
        return int(await self.field.input_value())

    async def change(self, state: object) -> object:
        following = self.following(state)
        await (self.up if following > state else self.down).click(timeout=RERUN_TIMEOUT_MS)  # type: ignore[operator]
        return following


FILTERS = {"key-milestones": KeyMilestones, "whatif-weeks": WhatIfWeeks}
THINK_S = (1.0, 3.0)  # seconds a person reads between two changes
RERUN_TIMEOUT_MS = 120_000
SETTLED = f"""() => document.querySelector('{APP}')?.getAttribute('data-test-script-state') === 'notRunning'"""


def _finished_runs(payload: str | bytes) -> int:
    """1 when a WebSocket frame from the app is its message that a script run (the app's or a fragment's) finished."""
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    if isinstance(payload, str):
        return 0
    try:
        message = ForwardMsg.FromString(payload)
    except Exception:  # noqa: BLE001 - not one of the app's messages
        return 0
    done = (ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY)
    return int(message.WhichOneof("type") == "script_finished" and message.script_finished in done)


def _cpu_by_kind() -> dict[str, float]:
    """CPU seconds used so far by the processes of this machine, by kind: the app processes, the browsers, PostgreSQL
    and this benchmark's own process (the protocol sessions, or Playwright's side of the Chromium ones): the load
    shares the machine with the service; a meeting's browsers would be on the laptops."""
    import os

    ticks = os.sysconf("SC_CLK_TCK")
    # the first kind whose mark is in a process's command line: this benchmark's own names a database URL and
    # perhaps "--client chromium", so it is looked for first, with Playwright's driver (a node process)
    kinds = {"load_generator": ("benchmarks.sessions", "run-driver"), "browsers": ("chrom",), "app": ("serve.py",),
             "postgres": ("postgres",)}
    used = dict.fromkeys(kinds, 0.0)
    own = str(os.getpid())
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as handle:
                command = handle.read().decode(errors="replace")
            with open(f"/proc/{pid}/stat") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
        except OSError:  # the process ended meanwhile
            continue
        if pid == own:
            command = "benchmarks.sessions"
        for kind, marks in kinds.items():
            if any(mark in command for mark in marks):
                used[kind] += (int(fields[11]) + int(fields[12])) / ticks
                break
    return used


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def _accounts(url: str, count: int) -> list[tuple[str, str, str]]:
    """(username, display name, session token) per browser session."""
    from portfolio.auth.accounts import DEMO_ACCOUNTS, ensure_demo_accounts
    from portfolio.auth.sessions import issue_ticket, redeem_ticket
    from portfolio.db import make_engine, unit_of_work

    engine = make_engine(url)
    try:
        with unit_of_work(engine) as session:
            ensure_demo_accounts(session, actor="admin", password="bench-password-4711")
        out = []
        for number in range(count):
            name, _role, _landsdele, display = DEMO_ACCOUNTS[number % len(DEMO_ACCOUNTS)]
            with unit_of_work(engine) as session:
                ticket = issue_ticket(session, username=name)
            with unit_of_work(engine) as session:
                out.append((name, display or name, redeem_ticket(session, ticket, hours=8)))
        return out
    finally:
        engine.dispose()


class Person:
    """One session: an account, the filter state this person last chose, and what went wrong."""

    def __init__(self, account: tuple[str, str, str], kind: type) -> None:
        self.name, self.display, self.token = account
        self.kind = kind
        self.state: object = None
        self.errors: list[str] = []
        self.mixups: list[str] = []
        self.think = random.Random(self.display + self.token[:8])  # noqa: S311 - think time, not crypto

    def route(self) -> str:
        """The routing cookie nginx gives a browser on its first request (deploy/nginx): one per session."""
        return secrets.token_hex(16)

    async def rerun(self) -> float | None:
        """Change the filter once; the seconds until the app has rerun for it, or None when it failed."""
        raise NotImplementedError

    def closed(self) -> bool:
        return False

    async def warm(self) -> None:
        """The filter changed and back once, untimed: a choice's first result is computed, then cached for every
        session (ui/state.py); what is timed is a meeting's reruns, as goal (e) times a page's warm rerun."""
        for _ in range(2):
            await self.rerun()

    async def work(self, until: float) -> list[float]:
        """Read, change the filter, read … until ``until`` (time.monotonic)."""
        times = []
        while True:
            pause = self.think.uniform(*THINK_S)
            if time.monotonic() + pause >= until:
                return times
            await asyncio.sleep(pause)
            elapsed = await self.rerun()
            if elapsed is not None:
                times.append(elapsed)
            elif self.closed():
                return times

    def failed(self, error: Exception, doing: str = "") -> None:
        first_line = (str(error).splitlines() or [""])[0][:200]
        self.errors.append(f"{self.display}: {doing + ': ' if doing else ''}{type(error).__name__}: {first_line}")

    async def close(self) -> None:
        pass


class ChromiumPerson(Person):
    """A session in a Chromium page of its own, timed from the click."""

    def __init__(self, account: tuple[str, str, str], kind: type) -> None:
        super().__init__(account, kind)
        self.page = None
        self.context = None
        self.filter = None
        self.finished = 0  # script runs the app has said it finished for this page
        self.news = asyncio.Event()

    def _watch(self, socket) -> None:  # type: ignore[no-untyped-def]
        socket.on("framereceived", self._frame)

    def _frame(self, payload: str | bytes) -> None:
        if _finished_runs(payload):
            self.finished += 1
            self.news.set()

    async def _finished_after(self, before: int, timeout_s: float) -> None:
        deadline = time.monotonic() + timeout_s
        while self.finished <= before:
            self.news.clear()
            await asyncio.wait_for(self.news.wait(), max(0.0, deadline - time.monotonic()))

    async def open(self, browser, base_url: str) -> None:  # type: ignore[no-untyped-def]
        from portfolio.auth.sessions import COOKIE_NAME

        self.context = await browser.new_context(ignore_https_errors=True)
        await self.context.add_cookies([{"name": COOKIE_NAME, "value": self.token, "url": base_url,
                                         "httpOnly": True, "secure": True, "sameSite": "Lax"}])
        self.page = await self.context.new_page()
        self.page.on("websocket", self._watch)
        await self.page.goto(base_url + self.kind.path, timeout=300_000)
        await _settled(self.page)
        self.filter = self.kind(self.page)
        self.state = await self.filter.state()

    async def rerun(self) -> float | None:
        page = self.page
        try:
            before = self.finished
            started = time.perf_counter()
            expected = await self.filter.change(self.state)
            await self._finished_after(before, RERUN_TIMEOUT_MS / 1000)
            elapsed = time.perf_counter() - started
            await page.wait_for_function(SETTLED, polling=50, timeout=RERUN_TIMEOUT_MS)  # drawn, before it is checked
        except Exception as error:  # noqa: BLE001 - a failed rerun is a finding of the benchmark, not its end
            self.failed(error)
            return None
        self.state = expected
        if await page.locator('[data-testid="stException"]').count():
            self.errors.append(f"{self.display}: an exception on the page")
        if not await page.get_by_text(f"Logget ind som {self.display}").count():
            self.mixups.append(f"{self.display}: the sidebar does not name the session's own account")
        if await self.filter.state() != self.state:
            self.mixups.append(f"{self.display}: the filter does not show the session's own choice")
        return elapsed

    def closed(self) -> bool:
        return self.page is not None and self.page.is_closed()

    async def close(self) -> None:
        if self.context is not None:
            await self.context.close()


class ProtocolPerson(Person):
    """A session as a browser tab speaks it over the app's WebSocket (benchmarks/streamlit_client.py), timed from
    the request. ``answers`` is shared by all sessions: the page text each (account, choice) got first."""

    def __init__(self, account: tuple[str, str, str], kind: type, answers: dict) -> None:
        super().__init__(account, kind)
        self.tab = None
        self.widget_id = self.fragment_id = ""
        self.answers = answers

    async def open(self, base_url: str) -> None:
        from benchmarks.streamlit_client import StreamlitTab
        from portfolio.auth.sessions import COOKIE_NAME

        self.tab = StreamlitTab(base_url, self.kind.path.strip("/"), {COOKIE_NAME: self.token,
                                                                      "portfolio_route": self.route()},
                                timeout_s=RERUN_TIMEOUT_MS / 1000)
        await self.tab.connect()
        first = await self.tab.run()
        widget = first.widget(self.kind.widget, self.kind.label)
        if widget is None:
            raise LookupError(f"no {self.kind.widget} labelled {self.kind.label!r} on {self.kind.path}")
        self.widget_id = widget.id
        self.state = int(widget.default) if self.kind.value_field == "int_value" else widget.default
        self.fragment_id = first.fragment_of.get(widget.id, "")
        if not any(text.startswith(f"Logget ind som {self.display}") for text in first.texts()):
            self.mixups.append(f"{self.display}: the page does not name the session's own account")
        self._check(first, whole=True)

    async def rerun(self) -> float | None:
        expected = self.kind.following(self.state)
        self.tab.set_widget(self.widget_id, **{self.kind.value_field: expected})  # type: ignore[union-attr]
        try:
            run = await self.tab.run(self.fragment_id)  # type: ignore[union-attr]
        except Exception as error:  # noqa: BLE001 - a failed rerun is a finding of the benchmark, not its end
            self.failed(error)
            return None
        self.state = expected
        self._check(run)
        return run.seconds

    def _check(self, run, *, whole: bool = False) -> None:  # type: ignore[no-untyped-def]
        """The opening run names the account (the sidebar); a rerun of the filter's fragment draws the filter
        again, and the same account and choice always get the same text, whichever session or process."""
        if run.exception:
            self.errors.append(f"{self.display}: an exception on the page")
        if run.widget(self.kind.widget, self.kind.label) is None:
            self.mixups.append(f"{self.display}: the run did not draw the session's own filter")
        answer = hashlib.sha256("\x1f".join(run.texts()).encode()).hexdigest()
        if self.answers.setdefault((self.name, self.state, whole), answer) != answer:
            self.mixups.append(f"{self.display}: the page for choice {self.state!r} differs from what the same "
                               "account and choice got before")

    def closed(self) -> bool:
        return self.tab is not None and self.tab.closed

    async def close(self) -> None:
        if self.tab is not None:
            await self.tab.close()


async def _settled(page) -> None:  # type: ignore[no-untyped-def]
    await page.wait_for_selector(f'{APP}[data-test-connection-state="CONNECTED"]', timeout=RERUN_TIMEOUT_MS)
    await page.wait_for_selector(f'{APP}[data-test-script-state="notRunning"]', timeout=RERUN_TIMEOUT_MS)


async def _open_all(people: list[Person], opening: Callable[[Person], Awaitable[None]]) -> list[Person]:
    """Open the sessions a few at a time (as people arrive at a meeting); the ones that could not are left out."""
    gate = asyncio.Semaphore(4)

    async def one(person: Person) -> Person | None:
        async with gate:
            try:
                await opening(person)
                return person
            except Exception as error:  # noqa: BLE001
                person.failed(error, "could not open")
                return None

    return [p for p in await asyncio.gather(*(one(p) for p in people)) if p is not None]


def _stats(values: list[float]) -> dict:
    if not values:
        return {"runs": 0, "median_s": None, "p95_s": None}
    return {"runs": len(values), "median_s": statistics.median(values), "p95_s": _percentile(values, 0.95),
            "max_s": max(values)}


async def _together(lone: Person, crowd: list[Person], opening: Callable[[Person], Awaitable[None]],
                    duration: float, alone: float) -> dict:
    """The three phases: ``lone`` alone, everyone at once, ``lone`` alone again."""
    async def ready(person: Person) -> None:
        await opening(person)
        await person.warm()

    try:
        await ready(lone)
        before = await lone.work(time.monotonic() + alone)
        started = time.perf_counter()
        present = await _open_all(crowd, ready)
        loading_s = time.perf_counter() - started
        until = time.monotonic() + duration
        cpu_before = _cpu_by_kind()
        together = await asyncio.gather(*(p.work(until) for p in present))
        cpu_after = _cpu_by_kind()
        after = await lone.work(time.monotonic() + alone)
    finally:
        for person in (lone, *crowd):
            with contextlib.suppress(Exception):  # closing after a failure
                await person.close()
    return {"before": before, "after": after, "together": together, "present": present, "loading_s": loading_s,
            "cpu": {kind: cpu_after[kind] - cpu_before[kind] for kind in cpu_after}}


async def _chromium(base_url: str, accounts: list[tuple[str, str, str]], duration: float, alone: float,
                    kind: type) -> tuple[list[Person], dict]:
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path="/usr/bin/chromium",
                                                   args=["--no-sandbox", "--disable-gpu", "--disable-quic"])
        people: list[Person] = [ChromiumPerson(a, kind) for a in accounts]
        try:
            phases = await _together(people[0], people[1:], lambda p: p.open(browser, base_url),  # type: ignore[attr-defined]
                                     duration, alone)
        finally:
            await browser.close()
    return people, phases


async def _protocol(base_url: str, accounts: list[tuple[str, str, str]], duration: float, alone: float,
                    kind: type) -> tuple[list[Person], dict]:
    answers: dict = {}
    people: list[Person] = [ProtocolPerson(a, kind, answers) for a in accounts]
    phases = await _together(people[0], people[1:], lambda p: p.open(base_url), duration, alone)  # type: ignore[attr-defined]
    return people, phases


CLIENTS = {"protocol": _protocol, "chromium": _chromium}


async def _measure(base_url: str, accounts: list[tuple[str, str, str]], duration: float, alone: float,
                   kind: type, client: str = "protocol") -> dict:
    people, phases = await CLIENTS[client](base_url, accounts, duration, alone, kind)
    before, after, together = phases["before"], phases["after"], phases["together"]
    concurrent = [t for times in together for t in times]
    errors = [e for p in people for e in p.errors]
    mixups = [m for p in people for m in p.mixups]
    single = _stats(before + after)
    many = _stats(concurrent)
    return {"client": client, "sessions": len(people) - 1, "sessions_working": len(phases["present"]),
            "duration_s": duration, "alone_s": alone, "think_s": list(THINK_S), "page": kind.path,
            "filter": kind.label, "loading_s": round(phases["loading_s"], 1),
            "single": single, "single_before": _stats(before), "single_after": _stats(after),
            "concurrent": many, "reruns_per_session": [len(times) for times in together],
            "single_runs": before + after, "concurrent_runs": concurrent,
            # the names the README table and benchmarks.run read
            "single_median_s": single["median_s"], "single_p95_s": single["p95_s"],
            "concurrent_median_s": many["median_s"], "concurrent_p95_s": many["p95_s"],
            "error_count": len(errors), "mixup_count": len(mixups), "errors": (errors + mixups)[:20],
            # cores used while all worked at once, by kind of process (2 cores here: the browsers' share is not the
            # service's; a rerun's CPU in the app processes is the "app" cores over reruns per second)
            "cores_while_together": {kind: round(used / duration, 2) for kind, used in phases["cpu"].items()},
            "app_cpu_per_rerun_s": round(phases["cpu"]["app"] / max(1, len(concurrent)), 4)}


def measure(url: str, sessions: int, duration: float, alone: float, kind: type = WhatIfWeeks,
            client: str = "protocol") -> dict:
    from tests.support.service import running_service

    accounts = _accounts(url, sessions + 1)
    with tempfile.TemporaryDirectory(prefix="bench-service-") as tmp, running_service(url, Path(tmp)) as service:
        return asyncio.run(_measure(service.url, accounts, duration, alone, kind, client))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.sessions", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("url")
    parser.add_argument("--sessions", type=int, default=30, help="sessions working at once")
    parser.add_argument("--duration", type=float, default=60, help="seconds all sessions work at once")
    parser.add_argument("--alone", type=float, default=20, help="seconds one session works alone, before and after")
    parser.add_argument("--filter", choices=sorted(FILTERS), default="whatif-weeks",
                        help="what each person changes (default: the infrastructure page's what-if weeks)")
    parser.add_argument("--client", choices=sorted(CLIENTS), default="protocol",
                        help="protocol: tabs spoken over the WebSocket (default); chromium: Chromium pages")
    args = parser.parse_args(argv)
    result = measure(args.url, args.sessions, args.duration, args.alone, FILTERS[args.filter], args.client)
    sys.stdout.write(json.dumps(result) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
