"""A served workbook in the background, for the browser tests and the benchmarks.

Starting Voilà the way ``readiness serve`` does, waiting until it answers and stopping it
with all its kernels was written four times (the browser tests and each benchmark); this
is the one copy. It lives in the server package because it is the server's own start-up
(``voila_command`` and ``serve_environment``, as :func:`readiness_server.serve.serve` uses
them), and because both the tests and the benchmarks already import this package; the
core never imports it, and nothing here runs in a page. ``psutil``, which only the tests
and benchmarks install, is imported where a kernel is looked up.

What differs from ``readiness serve``: Voilà runs without the foreground wrapper that
passes signals on (``run_until_stopped``; tests/server/test_serve.py tests that one), so
``process`` is Voilà itself and a process tree counted from it is Voilà and its kernels.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

from readiness_server.serve import (
    NOTEBOOKS_DIR,
    START_NOTEBOOK,
    free_port,
    serve_environment,
    voila_command,
    wait_until_serving,
)


class BackgroundServer:
    """Voilà serving a notebook (the workbook unless told) on its own port and store.

    ``BackgroundServer(store).start()`` returns once the server answers; ``stop()`` ends it
    and its kernels (its own process group). Start another one on the same ``port`` and
    ``store`` to restart it. Voilà's output goes to ``log`` (appended; by default the
    store's name with ``.log``).
    """

    def __init__(self, store: Path | str, port: int | None = None, *, pool: int | None = None,
                 cull_idle: int | None = None, notebook: str | Path = START_NOTEBOOK,
                 log: Path | None = None, framework: str | Path | None = None):
        # A SQLite file, or a store URL (postgresql://...) kept as written: give it a log.
        self.store = store if "://" in str(store) else Path(store)
        self.framework = str(framework) if framework is not None else None
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self.log = log or Path(self.store).with_suffix(".log")
        self.command = voila_command(self.port, notebook=str(notebook), cull_idle=cull_idle,
                                     pool=pool)
        self.process: subprocess.Popen | None = None
        self._log_from = 0  # where this start's output begins in the log

    def start(self, timeout: float = 120) -> BackgroundServer:
        env, _lines = serve_environment(str(self.store), self.port, lan=False,
                                       framework=self.framework)
        self._log_from = self.log.stat().st_size if self.log.exists() else 0
        with self.log.open("a") as log:  # the child keeps its own copy of the file
            self.process = subprocess.Popen(self.command, cwd=NOTEBOOKS_DIR, env=env,
                                            stdout=log, stderr=subprocess.STDOUT,
                                            start_new_session=True)
        if not wait_until_serving(self.url + "voila/static/", timeout=timeout):
            self.stop()
            raise RuntimeError(f"Voilà did not start within {timeout:.0f} s:\n"
                               f"{self.problems()}")
        return self

    def output(self) -> str:
        """What Voilà has written since this start."""
        with self.log.open("rb") as log:
            log.seek(self._log_from)
            return log.read().decode(errors="replace")

    def wait_for_output(self, text: str, timeout: float = 600) -> float:
        """Seconds until Voilà's output since this start holds ``text``, e.g. the count
        ``Pages prepared for participants: 30 of 30``; RuntimeError after ``timeout``."""
        start = time.monotonic()
        while text not in self.output():
            if self.process.poll() is not None or time.monotonic() - start > timeout:
                raise RuntimeError(f"Voilà never said {text!r}:\n{self.problems()}")
            time.sleep(0.25)
        return time.monotonic() - start

    def __enter__(self) -> BackgroundServer:
        return self.start()

    def __exit__(self, *_exc) -> None:
        self.stop()

    def kernel_process(self, kernel_id: str):
        """The process (psutil) of one page's kernel: its connection file names its id."""
        import psutil

        for child in psutil.Process(self.process.pid).children(recursive=True):
            try:
                if kernel_id in " ".join(child.cmdline()):
                    return child
            except psutil.NoSuchProcess:
                continue
        raise LookupError(f"no kernel {kernel_id}")

    def kernel_pid(self, kernel_id: str) -> int:
        return self.kernel_process(kernel_id).pid

    def kill(self) -> None:
        """A crash: Voilà and everything in its process group die at once, untidied."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(10)

    def stop(self, timeout: float = 20) -> None:
        """Stop Voilà and its kernels (SIGTERM, then SIGKILL after ``timeout`` seconds)."""
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(10)

    def problems(self, last: int = 30) -> str:
        """The log's last warnings, errors and tracebacks, for a failed run's report."""
        if not self.log.exists():
            return "(no log)"
        lines = [line for line in self.log.read_text(errors="replace").splitlines()
                 if "WARNING" in line or "ERROR" in line or "Traceback" in line]
        return "\n".join(lines[-last:]) or self.log.read_text(errors="replace")[-2000:]


class WireBytes:
    """Bytes a page moves, as Chromium's DevTools protocol counts them (issue 18): HTTP as
    transferred (headers and compressed bodies, ``Network.loadingFinished``), the same
    bodies decoded (``Network.dataReceived``), and websocket frames each way. Also every
    address asked that is not the page's own host.

    ``WireBytes(page, origin, accept_encoding="gzip, deflate")`` makes Chromium accept only
    what it accepts from a room's server (plain HTTP to a local network address: no
    brotli; it offers brotli only to 127.0.0.1 and HTTPS). Call ``reset()`` between
    visits; ``totals()`` gives the figures so far."""

    def __init__(self, page, origin: str, accept_encoding: str | None = None):
        self.origin = origin.rstrip("/")
        self.cdp = page.context.new_cdp_session(page)
        self.cdp.send("Network.enable")
        if accept_encoding is not None:
            self.cdp.send("Network.setExtraHTTPHeaders",
                          {"headers": {"Accept-Encoding": accept_encoding}})
        self.reset()
        self.cdp.on("Network.requestWillBeSent", self._request)
        self.cdp.on("Network.responseReceived", self._response)
        self.cdp.on("Network.dataReceived", self._data)
        self.cdp.on("Network.loadingFinished", self._finished)
        self.cdp.on("Network.webSocketFrameReceived", self._frame("websocket_in"))
        self.cdp.on("Network.webSocketFrameSent", self._frame("websocket_out"))

    def reset(self) -> None:
        self.http = 0
        self.decoded = 0
        self.responses = 0
        self.fetched = 0  # responses that moved bytes (not from the browser's cache)
        self.websocket = {"websocket_in": 0, "websocket_out": 0}
        self.encodings: dict[str, int] = {}
        self.outside: list[str] = []

    def _request(self, event) -> None:
        url = event["request"]["url"]
        host = self.origin.replace("http://", "ws://", 1)
        if not url.startswith((self.origin, host, "data:", "blob:")):
            self.outside.append(url)

    def _response(self, event) -> None:
        headers = {k.lower(): v for k, v in event["response"]["headers"].items()}
        coding = headers.get("content-encoding", "none")
        self.encodings[coding] = self.encodings.get(coding, 0) + 1

    def _data(self, event) -> None:
        self.decoded += event["dataLength"]

    def _finished(self, event) -> None:
        self.http += int(event["encodedDataLength"])
        self.responses += 1
        self.fetched += event["encodedDataLength"] > 0

    def _frame(self, direction: str):
        def count(event) -> None:
            self.websocket[direction] += len(event["response"]["payloadData"].encode())
        return count

    def totals(self) -> dict:
        return {"http": self.http, "decoded": self.decoded, "responses": self.responses,
                "fetched": self.fetched,
                **self.websocket, "encodings": dict(self.encodings),
                "outside": list(self.outside)}


def compressed_copies_made(folder: Path, quiet_s: float = 5, limit_s: float = 180) -> None:
    """Until no compressed copy has been added to ``folder`` for ``quiet_s`` seconds: the
    server makes its zopfli and brotli copies in the background the first time a file is
    asked for (a computer's very first visitors get gzip level 9, about 4.5 % more)."""
    def count() -> int:
        return len(list(folder.glob("*"))) if folder.exists() else 0

    seen, since, start = count(), time.monotonic(), time.monotonic()
    while time.monotonic() - since < quiet_s and time.monotonic() - start < limit_s:
        time.sleep(0.5)
        if (now := count()) != seen:
            seen, since = now, time.monotonic()
