"""The workbook on JupyterHub (deploy/jupyterhub/), as its README starts it: two people log
in, each lands on the workbook in their own single-user server (Voilà as a Jupyter Server
extension), and one group session spans both servers through one PostgreSQL store.

JupyterHub, its proxy (configurable-http-proxy from npm, scripts/ensure-jupyterhub) and
every single-user server run on 127.0.0.1; the hub keeps its state in a temporary folder.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import expect

from readiness.store import open_store
from readiness.store.sessions import find_session, member_assessments
from readiness_server.serve import free_port
from tests.browser.conftest import ARTIFACTS
from tests.conftest import ROOT

pytestmark = pytest.mark.jupyterhub

CONFIG = ROOT / "deploy" / "jupyterhub" / "jupyterhub_config.py"
PROXY = "configurable-http-proxy"


def proxy_folder() -> Path:
    """Where scripts/ensure-jupyterhub installs the proxy: beside the virtual environment."""
    return Path(sys.prefix) / "node" / "node_modules" / ".bin"


class Hub:
    def __init__(self, home: Path, store: str):
        self.home = home
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self.password = secrets.token_urlsafe(12)
        self.log = home / "jupyterhub.log"
        self.env = dict(os.environ, READINESS_STORE=store,
                        READINESS_HUB_PASSWORD=self.password,
                        PATH=os.pathsep.join([str(proxy_folder()), os.environ["PATH"]]))
        self.env.pop("READINESS_FRAMEWORK", None)
        self.process = None

    def start(self) -> Hub:
        command = [sys.executable, "-m", "jupyterhub", "-f", str(CONFIG), "--ip=127.0.0.1",
                   f"--port={self.port}", f"--JupyterHub.hub_port={free_port()}",
                   f"--ConfigurableHTTPProxy.api_url=http://127.0.0.1:{free_port()}"]
        with self.log.open("w") as log:
            self.process = subprocess.Popen(command, cwd=self.home, env=self.env, stdout=log,
                                            stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + 60
        while self.process.poll() is None and time.monotonic() < deadline:
            try:  # the proxy answers first (404) until the hub behind it does
                with urllib.request.urlopen(self.url + "hub/api/", timeout=2):
                    return self
            except OSError:
                time.sleep(0.3)
        self.stop()
        raise RuntimeError("JupyterHub did not start:\n" + self.log.read_text()[-3000:])

    def stop(self) -> None:
        """SIGTERM: the hub stops every user's server and its proxy, then itself."""
        if self.process is None:
            return
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=30)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            pass
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


@pytest.fixture(scope="module")
def hub(tmp_path_factory, postgres_server):
    if shutil.which(PROXY, path=str(proxy_folder())) is None and shutil.which(PROXY) is None:
        reason = "configurable-http-proxy is not installed (scripts/ensure-jupyterhub)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true but {reason}")
        pytest.skip(reason)
    started = time.monotonic()
    hub = Hub(tmp_path_factory.mktemp("jupyterhub"), postgres_server.new_database()).start()
    print(f"JupyterHub answered after {time.monotonic() - started:.1f} s")
    yield hub
    hub.stop()


def log_in(page, name: str, password: str) -> None:
    page.locator("#username_input").fill(name)
    page.locator("#password_input").fill(password)
    page.locator("#login_submit").click()


def workbook_of(user: str, hub: Hub) -> re.Pattern:
    """The workbook's address in ``user``'s own single-user server."""
    return re.compile(re.escape(f"{hub.url}user/{user}/voila/render/workbook.ipynb") + r".*")


def test_two_users_on_their_own_servers_share_one_group_session(browser, hub):
    started = time.monotonic()
    mark = lambda what: print(f"{time.monotonic() - started:6.1f} s {what}")  # noqa: E731
    alice = browser.new_context(viewport={"width": 1280, "height": 900})
    bob = browser.new_context(viewport={"width": 390, "height": 844})
    try:
        # Logging in lands on the workbook, in one's own server.
        facilitator = alice.new_page()
        facilitator.set_default_timeout(90_000)
        facilitator.goto(hub.url)
        log_in(facilitator, "alice", hub.password)
        expect(facilitator).to_have_url(workbook_of("alice", hub), timeout=90_000)
        mark("alice's server started")
        facilitator.goto(facilitator.url.split("?")[0] + "?new=session&lang=en")
        facilitator.get_by_label("Project name").fill("Norrby meeting place")
        facilitator.get_by_label("Round (e.g. planning, mid-term, end)").fill("planning")
        facilitator.get_by_role("button", name="Create a group session").click()
        code = facilitator.locator(".rw-join-code").inner_text().replace("-", "")
        mark("session created")
        # The join link (and its QR code) opens each person's own server through the hub,
        # not the facilitator's server, which nobody else may enter.
        join_url = facilitator.locator(".rw-join-url a").get_attribute("href")
        assert join_url == (f"{hub.url}hub/user-redirect/voila/render/workbook.ipynb"
                            f"?join={code}&lang=en"), join_url

        members = []
        for context, name in ((alice, "alice"), (bob, "bob")):
            member = context.new_page()
            member.set_default_timeout(90_000)
            member.goto(join_url)
            if name == "bob":  # not logged in yet: the hub asks, then goes on to the link
                log_in(member, name, hub.password)
            expect(member).to_have_url(workbook_of(name, hub), timeout=90_000)
            member.get_by_label("I answer as").select_option(index=1)
            member.get_by_role("button", name="Join", exact=True).click()
            expect(member.locator(".rw-member-banner")).to_be_visible()
            mark(f"{name} joined")
            members.append(member)

        expect(facilitator.locator(".rw-live-status")).to_contain_text("2 joined",
                                                                       timeout=15_000)
        store = open_store(hub.env["READINESS_STORE"])
        try:
            assert len(member_assessments(store, find_session(store, code).id)) == 2
        finally:
            store.close()
    except Exception:
        print("JupyterHub's log ends:\n" + hub.log.read_text()[-4000:])
        raise
    finally:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        for context, name in ((alice, "alice"), (bob, "bob")):
            for number, tab in enumerate(context.pages):
                tab.screenshot(path=ARTIFACTS / f"jupyterhub_{name}_{number}.png",
                               full_page=True)
            context.close()
