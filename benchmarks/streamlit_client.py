"""A browser tab's conversation with a Streamlit app, spoken at the protocol level: no drawing.

A tab opens the app's WebSocket (``/_stcore/stream``) with its cookies, asks for a script run (``BackMsg``
``rerun_script``: the page, the widgets' values, the hashes of the messages it has cached) and receives the run as
``ForwardMsg``s until ``script_finished``. This client does the same and keeps what a tab keeps (the cached
messages, the page's script hash, the values it set), so the server does exactly the work a browser causes, while
the client's own cost is reading protobufs instead of rendering React and Plotly. benchmarks/sessions.py uses it to
load the service with a meeting's sessions on the machine that also runs the service.
"""

from __future__ import annotations

import asyncio
import re
import ssl
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.Element_pb2 import Element
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

MARKDOWN_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|<>:~$])")
FINISHED = {ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY}


class ProtocolError(Exception):
    """The app closed the connection, answered out of protocol, or a run did not finish in time."""


@dataclass
class Run:
    """One script run as the tab received it: its elements in order, and the seconds from request to finish."""

    elements: list[Element] = field(default_factory=list)
    seconds: float = 0.0
    exception: bool = False
    fragment_of: dict[str, str] = field(default_factory=dict)  # widget id -> the fragment that drew it ("" none)

    def texts(self) -> Iterator[str]:
        """The plain texts the run drew, as a reader sees them: markdown (its escapes undone), text, captions,
        alerts (not charts or tables)."""
        for element in self.elements:
            kind = element.WhichOneof("type")
            if kind == "markdown":
                yield MARKDOWN_ESCAPE.sub(r"\1", element.markdown.body)
            elif kind in ("text", "alert"):
                yield getattr(element, kind).body

    def widget(self, kind: str, label: str) -> object | None:
        """The drawn widget of ``kind`` (e.g. "number_input") labelled ``label``, or None."""
        for element in self.elements:
            if element.WhichOneof("type") == kind and getattr(element, kind).label == label:
                return getattr(element, kind)
        return None


class StreamlitTab:
    """One browser tab on ``base_url`` (https://host:port), on ``page`` (the URL path's page name)."""

    def __init__(self, base_url: str, page: str, cookies: dict[str, str], timeout_s: float = 120) -> None:
        self.base_url, self.page, self.cookies, self.timeout_s = base_url.rstrip("/"), page, cookies, timeout_s
        self.widgets: dict[str, WidgetState] = {}
        self._cache: dict[str, ForwardMsg] = {}  # the messages the tab keeps, by hash (as Streamlit's front end)
        self._page_hash = ""
        self._socket = None
        self._messages: asyncio.Queue[ForwardMsg | Exception] = asyncio.Queue()
        self._reader: asyncio.Task | None = None

    async def connect(self) -> None:
        import websockets

        parts = urlsplit(self.base_url)
        secure = parts.scheme == "https"
        context = None
        if secure:  # the benchmark's own self-signed certificate on loopback
            context = ssl.create_default_context()
            context.check_hostname, context.verify_mode = False, ssl.CERT_NONE
        url = f"{'wss' if secure else 'ws'}://{parts.netloc}/_stcore/stream"
        cookie = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        self._socket = await websockets.connect(
            url, subprotocols=["streamlit"], ssl=context, max_size=None, open_timeout=self.timeout_s,
            additional_headers={"Cookie": cookie, "Origin": self.base_url})
        self._reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        try:
            async for payload in self._socket:  # type: ignore[union-attr]
                if isinstance(payload, bytes):
                    self._messages.put_nowait(self._resolved(ForwardMsg.FromString(payload)))
        except Exception as error:  # noqa: BLE001 - handed to the run that waits
            self._messages.put_nowait(error)
        self._messages.put_nowait(ProtocolError("the app closed the connection"))

    def _resolved(self, message: ForwardMsg) -> ForwardMsg:
        if message.WhichOneof("type") == "ref_hash":
            cached = self._cache.get(message.ref_hash)
            if cached is None:
                raise ProtocolError(f"a reference to a message the tab never had: {message.ref_hash}")
            resolved = ForwardMsg()
            resolved.CopyFrom(cached)
            resolved.metadata.CopyFrom(message.metadata)  # where it goes on the page this time
            return resolved
        if message.hash and message.metadata.cacheable:
            self._cache[message.hash] = message
        return message

    @property
    def closed(self) -> bool:
        """The connection is gone (the app or the network closed it)."""
        return self._reader is not None and self._reader.done()

    def set_widget(self, widget_id: str, **value: object) -> None:
        """The value the tab sends for a widget from now on, e.g. ``set_widget(id, int_value=9)``."""
        state = WidgetState(id=widget_id)
        for name, given in value.items():
            setattr(state, name, given)
        self.widgets[widget_id] = state

    async def run(self, fragment_id: str = "") -> Run:
        """Ask for a script run with the widgets' values; the run when the app says it finished. A widget drawn in
        a fragment (``Run.fragment_of``) reruns only its fragment, as the front end asks when it changes."""
        message = BackMsg()
        client = message.rerun_script
        client.page_name = self.page
        client.fragment_id = fragment_id
        client.page_script_hash = self._page_hash
        client.widget_states.widgets.extend(self.widgets.values())
        client.cached_message_hashes.extend(self._cache)
        client.context_info.timezone = "Europe/Copenhagen"
        client.context_info.locale = "da-DK"
        client.context_info.url = f"{self.base_url}/{self.page}"
        started = time.perf_counter()
        await self._socket.send(message.SerializeToString())  # type: ignore[union-attr]
        run = Run()
        deadline = started + self.timeout_s
        while True:
            try:
                received = await asyncio.wait_for(self._messages.get(), max(0.0, deadline - time.perf_counter()))
            except TimeoutError as error:
                raise ProtocolError(f"no end of the run within {self.timeout_s:.0f} s") from error
            if isinstance(received, Exception):
                raise received
            if self._handled(received, run):
                run.seconds = time.perf_counter() - started
                return run

    def _handled(self, message: ForwardMsg, run: Run) -> bool:
        """Take in one message of the run; True when it is the run's end."""
        kind = message.WhichOneof("type")
        if kind == "new_session":
            self._page_hash = message.new_session.page_script_hash or self._page_hash
        elif kind == "delta" and message.delta.WhichOneof("type") == "new_element":
            element = message.delta.new_element
            run.elements.append(element)
            drawn = element.WhichOneof("type")
            run.exception |= drawn == "exception"
            widget_id = getattr(getattr(element, drawn), "id", "") if drawn else ""
            if isinstance(widget_id, str) and widget_id:
                run.fragment_of[widget_id] = message.delta.fragment_id
        elif kind == "script_finished":
            if message.script_finished == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                return False  # a run that gave way to the one asked for
            if message.script_finished not in FINISHED:
                status = ForwardMsg.ScriptFinishedStatus.Name(message.script_finished)
                raise ProtocolError(f"the run ended with {status}")
            return True
        return False

    async def close(self) -> None:
        if self._socket is not None:
            await self._socket.close()
        if self._reader is not None:
            self._reader.cancel()
