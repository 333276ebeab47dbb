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
