"""Serving the workbook with Voilà (``readiness serve`` and ``make serve``).

``readiness serve`` becomes ``python -m readiness_server.serve`` with the same options
(the core never imports this package); ``main`` reads them with the command line's parser.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from readiness.environment import FRAMEWORK_ENV_VAR, HOST_TOKEN_ENV_VAR, PUBLIC_URL_ENV_VAR
from readiness.errors import ReadinessError
from readiness.store.engine import STORE_ENV_VAR, resolve_store_url

REPOSITORY = Path(__file__).resolve().parent.parent
NOTEBOOKS_DIR = REPOSITORY / "notebooks"
TEMPLATES_DIR = REPOSITORY / "share" / "jupyter"
"""Holds the ``workbook`` Voilà template: Voilà's lab template without CDN links."""
START_NOTEBOOK = "workbook.ipynb"
LOCAL_ONLY = "127.0.0.1"
ALL_INTERFACES = "0.0.0.0"


def voila_command(port: int, host: str = LOCAL_ONLY, notebook: str = START_NOTEBOOK,
                  cull_idle: int | None = None, pool: int | None = None) -> list[str]:
    # Settings live in notebooks/voila.json, which Voilà reads from its working folder.
    command = [
        # Voilà, set up as voila_launch.py describes.
        sys.executable, "-m", "readiness_server.voila_launch", notebook,
        f"--port={port}", f"--Voila.ip={host}", "--no-browser",
    ]
    if pool is not None:  # pages prepared ahead, e.g. one per member of the group
        command.append(f"--VoilaConfiguration.default_pool_size={pool}")
    if cull_idle is not None:  # tests use seconds; voila.json's 15 minutes otherwise
        command += [f"--MappingKernelManager.cull_idle_timeout={cull_idle}",
                    f"--MappingKernelManager.cull_interval={max(1, cull_idle // 2)}"]
    return command


def lan_address() -> str:
    """This machine's address on the local network (no packet is sent to find it)."""
    import socket

    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("10.254.254.254", 1))  # UDP connect: only picks a route
            return probe.getsockname()[0]
        except OSError:
            return socket.gethostbyname(socket.gethostname())


def framework_setting(framework: str | None, env: dict) -> tuple[str | None, str]:
    """The framework file every page's kernel will load (``--framework``, else
    ``$READINESS_FRAMEWORK``; None: the built-in one) and a line naming it. The file is
    loaded and validated here, so an invalid fork stops ``serve`` with a
    :class:`readiness.errors.FrameworkError` naming the file before any page is served."""
    from readiness.framework.model import default_framework, load_framework

    chosen = framework or env.get(FRAMEWORK_ENV_VAR, "").strip() or None
    if chosen is None:
        loaded = default_framework()
        return None, f"framework: {loaded.id} {loaded.version} (built in)"
    path = Path(chosen).expanduser().resolve()
    loaded = load_framework(path)
    return str(path), f"framework: {loaded.id} {loaded.version} ({path})"


def serve_environment(store: str | None, port: int, lan: bool,
                      framework: str | None = None,
                      public_url: str | None = None) -> tuple[dict, list[str]]:
    """The environment for Voilà and its kernels, and the lines to print for the user.

    ``public_url``: the address a reverse proxy serves the workbook at (``--public-url``);
    join links carry it, and pages admit only join codes, facilitator keys and the token,
    as with ``lan``.

    Raises :class:`readiness.errors.FrameworkError` when the framework file is invalid, and
    :class:`readiness.errors.ReadinessError` when ``public_url`` is no http(s) address."""
    import secrets

    env = dict(os.environ)
    framework_path, framework_line = framework_setting(framework, env)
    env.pop(FRAMEWORK_ENV_VAR, None)
    if framework_path is not None:
        env[FRAMEWORK_ENV_VAR] = framework_path
    env[STORE_ENV_VAR] = resolve_store_url(store)
    env["JUPYTER_PATH"] = os.pathsep.join(
        p for p in (str(TEMPLATES_DIR), env.get("JUPYTER_PATH", "")) if p)
    env.pop(HOST_TOKEN_ENV_VAR, None)
    env.pop(PUBLIC_URL_ENV_VAR, None)
    if public_url is not None:
        return _behind_proxy(env, public_url, port, framework_line)
    if not lan:
        return env, [f"Serving the workbook on http://{LOCAL_ONLY}:{port}/ "
                     f"(store: {env[STORE_ENV_VAR]}); press Ctrl+C to stop.",
                     f"  {framework_line}"]
    token = secrets.token_urlsafe(16)
    public = f"http://{lan_address()}:{port}/"
    env[HOST_TOKEN_ENV_VAR] = token
    env[PUBLIC_URL_ENV_VAR] = public
    return env, [
        f"Serving the workbook on the local network (store: {env[STORE_ENV_VAR]}).",
        f"  {framework_line}",
        f"  Facilitator, on this computer only: http://{LOCAL_ONLY}:{port}/?host={token}",
        f"  Participants: {public} (they need the session's join code)",
        "Anyone on this network can reach the page, but only with a join code or a "
        "facilitator key. Press Ctrl+C to stop.",
    ]


def _behind_proxy(env: dict, public_url: str, port: int, framework_line: str):
    import secrets
    from urllib.parse import urlsplit

    parts = urlsplit(public_url.strip())
    # Voilà serves the workbook at /, so the proxy must too: a path would break its links.
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query \
            or parts.path.strip("/"):
        raise ReadinessError(f"--public-url must be an http:// or https:// address with no "
                             f"path, such as https://workbook.example.org/, not "
                             f"{public_url!r}")
    public = parts._replace(path="/", fragment="").geturl()
    token = secrets.token_urlsafe(16)
    env[HOST_TOKEN_ENV_VAR] = token
    env[PUBLIC_URL_ENV_VAR] = public
    return env, [
        f"Serving the workbook on http://{LOCAL_ONLY}:{port}/ for the reverse proxy at "
        f"{public} (store: {env[STORE_ENV_VAR]}).",
        f"  {framework_line}",
        f"  Facilitator: {public}?host={token}",
        f"  Participants: {public} (they need the session's join code)",
        "Pages admit only join codes, facilitator keys and the facilitator's link. "
        "Press Ctrl+C to stop.",
    ]


def serve(port: int = 8866, store: str | None = None, lan: bool = False,
          cull_idle: int | None = None, pool: int | None = None,
          framework: str | None = None, public_url: str | None = None) -> int:
    """Run Voilà in the foreground until interrupted; return its exit code."""
    if not (NOTEBOOKS_DIR / START_NOTEBOOK).exists():
        print(f"error: {NOTEBOOKS_DIR / START_NOTEBOOK} is missing; serve from a clone of "
              "the repository (pip install -e .)", file=sys.stderr)
        return 1
    try:
        env, lines = serve_environment(store, port, lan, framework, public_url)
    except ReadinessError as problem:  # e.g. the fork's file is invalid: nothing is served
        print(f"error: {problem}", file=sys.stderr)
        return 2
    print("\n".join(lines), flush=True)
    host = ALL_INTERFACES if lan else LOCAL_ONLY
    return run_until_stopped(voila_command(port, host, cull_idle=cull_idle, pool=pool),
                             cwd=NOTEBOOKS_DIR, env=env)


def run_until_stopped(command: list[str], **popen) -> int:
    """Run ``command`` until it ends; SIGTERM or SIGINT to this process stops it first.

    Without this, ``kill PID`` would end only this process and leave Voilà holding the
    port with every kernel. Both signals are passed on as SIGTERM: Voilà then shuts its
    kernels down, and a second SIGINT (Ctrl+C reaches Voilà itself too) could cut that
    shutdown short.
    """
    child: list[subprocess.Popen] = []
    stopping: list[int] = []

    def stop(signum, _frame):
        stopping.append(signum)
        if child:
            child[0].send_signal(signal.SIGTERM)

    previous = {number: signal.signal(number, stop)
                for number in (signal.SIGTERM, signal.SIGINT)}
    try:
        child.append(subprocess.Popen(command, **popen))
        if stopping:  # a signal arrived while it was starting
            child[0].send_signal(signal.SIGTERM)
        return child[0].wait()
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


def free_port(host: str = LOCAL_ONLY) -> int:
    """A port nobody listens on right now (for tests and benchmarks)."""
    import socket

    with socket.socket() as probe:
        probe.bind((host, 0))
        return probe.getsockname()[1]


def wait_until_serving(url: str, timeout: float = 60) -> bool:
    """Wait until a server answers at ``url`` (any HTTP status counts); False on timeout."""
    import time
    import urllib.error
    import urllib.request

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2)
        except urllib.error.HTTPError:
            return True  # it answers, if only with an error status
        except OSError:
            time.sleep(0.3)
            continue
        return True
    return False


def main(argv: list[str] | None = None) -> int:
    from readiness.cli import build_parser

    args = build_parser().parse_args(["serve", *(sys.argv[1:] if argv is None else argv)])
    return serve(port=args.port, store=args.store, lan=args.lan, cull_idle=args.cull_idle,
                 pool=args.pool, framework=args.framework, public_url=args.public_url)


if __name__ == "__main__":
    sys.exit(main())
