"""What every panel shares: observing the page state, and letting go of it when closed."""

from __future__ import annotations

import ipywidgets as w


def close_tree(widget: w.Widget) -> None:
    """Close ``widget`` and everything inside it (ipywidgets' close does not recurse)."""
    for child in getattr(widget, "children", ()):
        close_tree(child)
    widget.close()


class Panel(w.VBox):
    """A VBox that observes the page state and stops when it is closed (language switch)."""

    def watch(self, state, handler, names) -> None:
        state.observe(handler, names)
        self.__dict__.setdefault("_watches", []).append((state, handler, names))

    def close(self) -> None:
        for state, handler, names in self.__dict__.pop("_watches", []):
            state.unobserve(handler, names)
        super().close()
