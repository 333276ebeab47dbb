# JupyterHub for the readiness workbook: people log in and land on the workbook, served by
# Voilà inside their own single-user server, with every answer in one shared store, so
# that a group session spans users on different servers. See README.md beside this file.
#
#   READINESS_STORE=postgresql+pg8000://user:password@dbhost/readiness \
#       jupyterhub -f deploy/jupyterhub/jupyterhub_config.py
#
# Settings, read from the hub's environment:
#   READINESS_STORE       the one store every user's pages write to (required): a
#                         PostgreSQL URL, or a SQLite file on one machine
#   READINESS_FRAMEWORK   a framework file to serve instead of the built-in one (optional)
#   READINESS_HUB_PASSWORD  set it (8 characters or more) for a room or a test: anyone
#                         who knows it logs in under any name, and every user's server runs
#                         as the hub's own system user (SimpleLocalProcessSpawner). Unset,
#                         JupyterHub's defaults apply: system accounts (PAM) and one system
#                         user per person (LocalProcessSpawner); or set an authenticator and
#                         spawner of your own below.
# JupyterHub keeps its own state (jupyterhub.sqlite, jupyterhub_cookie_secret) in the
# folder it is started from. tests/browser/test_jupyterhub.py starts this file as it is.
# ruff: noqa: F821  (JupyterHub defines `c` when it reads this file)

import json
import os
import sys
from pathlib import Path

from readiness_server.serve import NOTEBOOKS_DIR, START_NOTEBOOK, TEMPLATES_DIR

store = os.environ.get("READINESS_STORE", "").strip()
if not store:
    sys.exit("error: set READINESS_STORE to the store every user shares (a PostgreSQL URL, "
             "e.g. postgresql+pg8000://user:password@host/readiness); see "
             "deploy/jupyterhub/README.md")

# Each user's server: Jupyter Server with Voilà as its extension, from this Python, on the
# repository's notebooks, opening the workbook. Join links a facilitator's page shows
# point at /hub/user-redirect/voila/render/workbook.ipynb, which is everyone's own server.
c.Spawner.cmd = [sys.executable, "-m", "jupyterhub.singleuser"]
c.Spawner.notebook_dir = str(NOTEBOOKS_DIR)
c.Spawner.default_url = f"/voila/render/{START_NOTEBOOK}"
c.Spawner.environment = {
    "READINESS_STORE": store,
    # The `workbook` Voilà template (no CDN links) lives here.
    "JUPYTER_PATH": os.pathsep.join(
        p for p in (str(TEMPLATES_DIR), os.environ.get("JUPYTER_PATH", "")) if p),
}
if os.environ.get("READINESS_FRAMEWORK"):
    c.Spawner.environment["READINESS_FRAMEWORK"] = os.environ["READINESS_FRAMEWORK"]

# Voilà's settings as `readiness serve` uses them: Voilà's extension reads voila.json from
# the Jupyter config path (what only Voilà on its own has, prepared pages, goes unused);
# the server's own sections of it (kernels: culling, restarts) go on its command line, but
# for the kernels' ipc transport: its socket files live in the user's home, and a long home
# path outgrows a socket's 107 characters; kernels use TCP on loopback instead.
c.Spawner.environment["JUPYTER_CONFIG_PATH"] = os.pathsep.join(
    p for p in (str(NOTEBOOKS_DIR), os.environ.get("JUPYTER_CONFIG_PATH", "")) if p)
args = []
for section, values in json.loads((NOTEBOOKS_DIR / "voila.json").read_text()).items():
    if not section.startswith("Voila") and section != "KernelManager":
        args += [f"--{section}.{name}={value}" for name, value in values.items()]
c.Spawner.args = args
# A first start imports the workbook and Voilà: allow it more than the default 60 s.
c.Spawner.start_timeout = 120
c.Spawner.http_timeout = 120

password = os.environ.get("READINESS_HUB_PASSWORD", "")
if password:
    c.JupyterHub.authenticator_class = "shared-password"
    c.SharedPasswordAuthenticator.user_password = password
    c.Authenticator.allow_all = True  # any name, with the password
    c.JupyterHub.spawner_class = "simple"
    # Each user's home (Voilà's runtime files) under the hub's folder.
    c.SimpleLocalProcessSpawner.home_dir_template = str(Path.cwd() / "users" / "{username}")
    if os.geteuid() == 0:  # containers and CI run as root: so does every user's server
        c.Spawner.args.append("--allow-root")
