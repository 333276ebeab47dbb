"""Saving typed text once typing pauses, not on every key."""

from __future__ import annotations

import asyncio
import sys

TYPING_PAUSE_S = 0.8
"""How long typing must pause before the text is saved."""


def kernel_loop() -> asyncio.AbstractEventLoop | None:
    """The event loop of the kernel this page runs in; None outside a kernel, where
    another library's loop may be running that would never run our timer.

    ipykernel is looked up, never imported: it is loaded in every kernel, and importing it
    elsewhere (a script, a test) swaps the comm manager under the widgets already made,
    which then fail to close."""
    kernel_app = sys.modules.get("ipykernel.kernelapp")
    if kernel_app is None or not kernel_app.IPKernelApp.initialized():
        return None
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return None


class TypingPause:
    """Calls ``save(text)`` once typing has paused for ``TYPING_PAUSE_S``; at once outside a
    kernel (a script or a test). ``flush()`` saves what is waiting (a page being closed)."""

    def __init__(self, save):
        self.save = save
        self._timer: asyncio.TimerHandle | None = None
        self._typed: str | None = None

    def typed(self, text: str) -> None:
        self._typed = text
        if self._timer is not None:
            self._timer.cancel()
        loop = kernel_loop()
        if loop is None:
            self._save_typed()
            return
        self._timer = loop.call_later(TYPING_PAUSE_S, self._save_typed)

    @property
    def pending(self) -> bool:
        """Typed text is waiting for the pause: what the state holds is older."""
        return self._typed is not None

    def flush(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._save_typed()

    def _save_typed(self) -> None:
        self._timer = None
        if self._typed is not None:
            typed, self._typed = self._typed, None
            self.save(typed)
