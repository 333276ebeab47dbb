"""A participant without a browser: speaks the Jupyter widget protocol to a page's kernel.

It does what the page's JavaScript does (fetch the page, open the kernel's websocket, report
the address through the page bridge, click and choose through widget messages), so a
benchmark can put 30 participants on one server without 30 browsers competing with the
server for the processor. Only the widgets this benchmark needs are understood.
"""

from __future__ import annotations

import asyncio
import json
import re
import time
import uuid
from datetime import UTC, datetime

from jupyter_server.services.kernels.connection.base import (
    deserialize_msg_from_ws_v1,
    serialize_msg_to_ws_v1,
)
from tornado.httpclient import AsyncHTTPClient, HTTPRequest
from tornado.websocket import websocket_connect

V1_PROTOCOL = "v1.kernel.websocket.jupyter.org"  # what a browser's page asks for
CONTROL_PROTOCOL_VERSION = "1.0.0"  # ipywidgets 8's, as its widget manager sends it


def is_button(description: str):
    """A predicate on widget states: the button with this description."""
    return lambda s: s.get("_model_name") == "ButtonModel" and s.get("description") == description


def is_dropdown(description: str):
    """A predicate on widget states: the dropdown with this description."""
    return lambda s: s.get("_model_name") == "DropdownModel" and s.get("description") == description


class ProtocolParticipant:
    def __init__(self, base_url: str):
        self.base = base_url.rstrip("/") + "/"
        self.session = uuid.uuid4().hex
        self.models: dict[str, dict] = {}  # comm id -> widget state
        self.socket = None
        self.changed = asyncio.Event()
        self.reader: asyncio.Task | None = None
        self.pinger: asyncio.Task | None = None
        self.last_use = time.perf_counter()  # when it last clicked or chose
        self.pings = 0
        self.updated: dict[str, float] = {}  # comm id -> when its state last changed

    # -- the wire ----------------------------------------------------------------------
    def _message(self, msg_type: str, content: dict, channel: str = "shell",
                 metadata: dict | None = None) -> bytes:
        """A message as a browser's page sends it: Jupyter's v1 websocket protocol, which
        the server passes to the kernel without decoding it (the legacy JSON protocol
        would cost the server more than a browser does)."""
        header = {"msg_id": uuid.uuid4().hex, "msg_type": msg_type, "session": self.session,
                  "username": "benchmark", "version": "5.3",
                  "date": datetime.now(UTC).isoformat()}
        parts = [json.dumps(part).encode() for part in (header, {}, metadata or {}, content)]
        return serialize_msg_to_ws_v1(parts, channel)

    async def _read(self) -> None:
        while True:
            raw = await self.socket.read_message()
            if raw is None:
                return
            if isinstance(raw, str):
                continue  # not the v1 protocol: nothing this participant asked for
            _channel, parts = deserialize_msg_from_ws_v1(raw)
            kind = json.loads(parts[0])["msg_type"]
            if kind not in ("comm_open", "comm_msg"):
                continue
            content = json.loads(parts[3])
            data = content.get("data", {})
            if kind == "comm_open":
                self.models[content["comm_id"]] = dict(data.get("state", {}))
            elif data.get("method") == "update" and content["comm_id"] in self.models:
                self.models[content["comm_id"]].update(data.get("state", {}))
                self.updated[content["comm_id"]] = time.perf_counter()
            elif data.get("method") == "update_states":  # the answer to request_states
                for comm_id, model in data.get("states", {}).items():
                    self.models[comm_id] = dict(model.get("state", {}))
                self.states_loaded.set()
            self.changed.set()

    async def send_comm(self, comm_id: str, data: dict) -> None:
        await self.socket.write_message(
            self._message("comm_msg", {"comm_id": comm_id, "data": data}), binary=True)

    async def wait_for(self, predicate, timeout: float = 300):
        """The first model (comm id, state) for which ``predicate(state)`` is true."""
        deadline = time.monotonic() + timeout
        while True:
            for comm_id, state in list(self.models.items()):
                if predicate(state):
                    return comm_id, state
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError("the page never showed what was expected")
            self.changed.clear()
            try:
                await asyncio.wait_for(self.changed.wait(), timeout=min(remaining, 5))
            except TimeoutError:
                pass

    # -- what a page does --------------------------------------------------------------
    async def open(self, query: str, memory: dict[str, str] | None = None) -> None:
        """Fetch the page, connect to its kernel and report the address, as the page does;
        ``memory``: what the browser keeps for the page (e.g. a tab's facilitator key)."""
        # A client of its own: tornado's shared one queues all but 10 requests and times
        # queued ones out after 20 s, which 30 participants at once would hit.
        self.times = {"start": time.perf_counter()}  # when each step of arriving ended
        client = AsyncHTTPClient(force_instance=True)
        try:
            page = await client.fetch(f"{self.base}?{query}", connect_timeout=600,
                                      request_timeout=600)
        finally:
            client.close()
        self.times["page"] = time.perf_counter()
        html = page.body.decode()
        kernel_id = re.search(r'"kernelId": *"([^"]+)"', html).group(1)
        cookies = "; ".join(c.split(";", 1)[0] for c in page.headers.get_list("Set-Cookie"))
        request = HTTPRequest(
            f"ws{self.base[4:]}api/kernels/{kernel_id}/channels?session_id={self.session}",
            headers={"Origin": self.base.rstrip("/"), "Cookie": cookies},
            connect_timeout=600, request_timeout=600)
        self.kernel_id, self.cookies = kernel_id, cookies
        self.socket = await websocket_connect(request, subprotocols=[V1_PROTOCOL])
        self.times["websocket"] = time.perf_counter()
        self.reader = asyncio.create_task(self._read())
        # As the page's widget manager does: every widget's state in one message, asked
        # through the "jupyter.widget.control" comm (ipywidgets 8).
        self.states_loaded = asyncio.Event()
        self.control = uuid.uuid4().hex
        await self.socket.write_message(self._message("comm_open", {
            "comm_id": self.control, "target_name": "jupyter.widget.control", "data": {}},
            metadata={"version": CONTROL_PROTOCOL_VERSION}), binary=True)
        await self.send_comm(self.control, {"method": "request_states"})
        await asyncio.wait_for(self.states_loaded.wait(), timeout=600)
        self.times["widgets"] = time.perf_counter()
        self.bridge = next((comm_id for comm_id, state in self.models.items()
                            if "timeout_ms" in state and "query" in state), None)
        if self.bridge is not None:  # the workbook's page bridge: report the address
            await self.send_comm(self.bridge, {"method": "custom", "content": {
                "type": "location", "query": query, "page": self.base,
                "memory": memory or {}}})

    def start_pinging(self, first_after_s: float) -> None:
        """Ping the page's kernel as the page's bridge does while the tab is open: often
        while in use (touched lately, here: clicked or chosen), seldom while it lies open;
        the intervals are the bridge's own (widgets/frontend/bridge.py)."""
        state = self.models[self.bridge]

        async def ping() -> None:
            await asyncio.sleep(first_after_s)
            while True:
                await self.send_comm(self.bridge, {"method": "custom",
                                                   "content": {"type": "ping"}})
                self.pings += 1
                in_use = time.perf_counter() - self.last_use < state["in_use_ms"] / 1000
                await asyncio.sleep((state["ping_ms"] if in_use else state["idle_ping_ms"])
                                    / 1000)
        self.pinger = asyncio.create_task(ping())

    async def click(self, description: str, timeout: float = 300) -> None:
        button, _ = await self.wait_for(is_button(description), timeout)
        self.last_use = time.perf_counter()
        await self.send_comm(button, {"method": "custom", "content": {"event": "click"}})

    async def choose(self, predicate, index: int) -> None:
        """Pick option ``index`` of the first selection widget matching ``predicate``."""
        widget, _ = await self.wait_for(predicate)
        self.last_use = time.perf_counter()
        await self.send_comm(widget, {"method": "update", "state": {"index": index},
                                      "buffer_paths": []})

    async def close(self) -> None:
        """Leave as a closed tab does: Voilà's page asks the server to stop its kernel."""
        if self.pinger is not None:
            self.pinger.cancel()
        if self.socket is not None:
            self.socket.close()
        if self.reader is not None:
            self.reader.cancel()
        if self.socket is None:
            return
        xsrf = re.search(r"\b_xsrf=([^;]*)", self.cookies)
        client = AsyncHTTPClient(force_instance=True)
        try:
            await client.fetch(HTTPRequest(
                f"{self.base}voila/api/shutdown/{self.kernel_id}", method="POST",
                body=f"_xsrf={xsrf.group(1) if xsrf else ''}",
                headers={"Cookie": self.cookies}), raise_error=False)
        finally:
            client.close()
