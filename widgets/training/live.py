"""Following the store on the bridge's ticks (each change to the store, and each ping)."""

from __future__ import annotations

from collections.abc import Callable

from readiness.errors import ReadinessError
from readiness_widgets.frontend.bridge import PageBridge


def follow_ticks(bridge: PageBridge, refresh: Callable[[], object]) -> Callable[[], None]:
    """Call ``refresh`` on every tick until the returned ``stop`` is called (a panel stops
    when it is closed, e.g. rebuilt in another language). A store that cannot be read now
    leaves the view as it was; the next tick tries again."""
    following: list[Callable[[], object]] = [refresh]

    def on_tick() -> None:
        for call in following:
            try:
                call()
            except ReadinessError:  # e.g. StoreUnavailable: keep the last view
                pass

    bridge.on_tick(on_tick)
    return following.clear  # the bridge keeps an empty callback, not the view
