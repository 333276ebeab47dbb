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

from tornado.httpclient import AsyncHTTPClient, HTTPRequest
from tornado.websocket import websocket_connect


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

    # -- the wire ----------------------------------------------------------------------
    def _message(self, msg_type: str, content: dict, channel: str = "shell") -> str:
        header = {"msg_id": uuid.uuid4().hex, "msg_type": msg_type, "session": self.session,
                  "username": "benchmark", "version": "5.3",
                  "date": datetime.now(UTC).isoformat()}
        return json.dumps({"header": header, "parent_header": {}, "metadata": {},
                           "content": content, "channel": channel, "buffers": []})

    async def _read(self) -> None:
        while True:
            raw = await self.socket.read_message()
            if raw is None:
                return
            if isinstance(raw, bytes):
                continue  # binary buffers: not needed here
            message = json.loads(raw)
            kind = message["header"]["msg_type"]
            content = message.get("content", {})
            if kind == "comm_open":
                state = content.get("data", {}).get("state", {})
                self.models[content["comm_id"]] = dict(state)
            elif kind == "comm_msg":
                data = content.get("data", {})
                if data.get("method") == "update" and content["comm_id"] in self.models:
                    self.models[content["comm_id"]].update(data.get("state", {}))
            elif kind == "comm_info_reply":
                self.comm_info = content.get("comms", {})
            else:
                continue
            self.changed.set()

    async def send_comm(self, comm_id: str, data: dict) -> None:
        await self.socket.write_message(
            self._message("comm_msg", {"comm_id": comm_id, "data": data}))

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
    async def open(self, query: str) -> None:
        """Fetch the page, connect to its kernel and report the address, as the page does."""
        # A client of its own: tornado's shared one queues all but 10 requests and times
        # queued ones out after 20 s, which 30 participants at once would hit.
        client = AsyncHTTPClient(force_instance=True)
        try:
            page = await client.fetch(f"{self.base}?{query}", connect_timeout=600,
                                      request_timeout=600)
        finally:
            client.close()
        html = page.body.decode()
        kernel_id = re.search(r'"kernelId": *"([^"]+)"', html).group(1)
        cookies = "; ".join(c.split(";", 1)[0] for c in page.headers.get_list("Set-Cookie"))
        request = HTTPRequest(
            f"ws{self.base[4:]}api/kernels/{kernel_id}/channels?session_id={self.session}",
            headers={"Origin": self.base.rstrip("/"), "Cookie": cookies},
            connect_timeout=600, request_timeout=600)
        self.kernel_id, self.cookies = kernel_id, cookies
        self.socket = await websocket_connect(request)
        self.reader = asyncio.create_task(self._read())
        await self.socket.write_message(self._message(
            "comm_info_request", {"target_name": "jupyter.widget"}))
        self.comm_info = None
        while self.comm_info is None:
            await asyncio.sleep(0.05)
        for comm_id in self.comm_info:  # the widgets that exist already: ask their state
            self.models.setdefault(comm_id, {})
            await self.send_comm(comm_id, {"method": "request_state"})
        bridge, _state = await self.wait_for(lambda s: "timeout_ms" in s and "query" in s)
        await self.send_comm(bridge, {"method": "custom", "content": {
            "type": "location", "query": query, "page": self.base, "memory": {}}})
        self.bridge = bridge

    async def click(self, description: str, timeout: float = 300) -> None:
        button, _ = await self.wait_for(is_button(description), timeout)
        await self.send_comm(button, {"method": "custom", "content": {"event": "click"}})

    async def choose(self, predicate, index: int) -> None:
        """Pick option ``index`` of the first selection widget matching ``predicate``."""
        widget, _ = await self.wait_for(predicate)
        await self.send_comm(widget, {"method": "update", "state": {"index": index},
                                      "buffer_paths": []})

    async def close(self) -> None:
        """Leave as a closed tab does: Voilà's page asks the server to stop its kernel."""
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
