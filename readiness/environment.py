"""Settings that `readiness serve` hands to the pages' kernels through the environment.

They live in the core because both sides read them: the server (``readiness_server``)
sets them, and the pages (``widgets``) act on them.
"""

PUBLIC_URL_ENV_VAR = "READINESS_PUBLIC_URL"
"""The address participants' phones use; ``serve --lan`` sets it for the pages' kernels."""
HOST_TOKEN_ENV_VAR = "READINESS_HOST_TOKEN"
"""Set by ``serve --lan``: pages then admit only join codes, facilitator keys and this
token (the facilitator's own link); nobody else on the network can start anything."""
FRAMEWORK_ENV_VAR = "READINESS_FRAMEWORK"
"""The framework file every page serves (``serve --framework PATH`` sets it, or set it
yourself before ``readiness serve``); unset, the pages serve the built-in framework."""

HUB_PREFIX_ENV_VAR = "JUPYTERHUB_SERVICE_PREFIX"
"""Set by JupyterHub in each user's server: that server's path, e.g. ``/user/alice/``."""
HUB_BASE_ENV_VAR = "JUPYTERHUB_BASE_URL"
"""Set by JupyterHub in each user's server: the hub's own path, usually ``/``."""


def join_page(page_url: str, environ) -> str:
    """The address participants open to join: ``READINESS_PUBLIC_URL`` when set (``serve
    --lan``); under JupyterHub the same page in each person's own server, through the
    hub's ``user-redirect`` (a facilitator's own server admits nobody else); else the
    facilitator's page itself (``page_url``: origin and path, no query)."""
    from urllib.parse import urlsplit, urlunsplit

    public = environ.get(PUBLIC_URL_ENV_VAR)
    if public:
        return public
    prefix = environ.get(HUB_PREFIX_ENV_VAR, "")
    parts = urlsplit(page_url)
    if prefix and parts.path.startswith(prefix):
        hub = environ.get(HUB_BASE_ENV_VAR, "/").rstrip("/") + "/hub/user-redirect/"
        return urlunsplit((parts.scheme, parts.netloc, hub + parts.path[len(prefix):], "", ""))
    return page_url or "/"
