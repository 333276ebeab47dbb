"""The presentation's keys: the browser listens on the whole document while the
presentation is shown and tells the kernel which way to step.

→, PageDown and the space bar step forward (a presenter's remote sends PageDown), ←
and PageUp back, Home and End to the first and last screen; Esc leaves. The listener
goes with the widget's view, so keys do nothing once the presentation has left the page.
"""

from __future__ import annotations

from traitlets import Unicode

from readiness_widgets.frontend.esm_widget import EsmWidget

STEP_KEYS = {"ArrowRight": "next", "PageDown": "next", " ": "next", "ArrowLeft": "previous",
             "PageUp": "previous", "Home": "first", "End": "last", "Escape": "leave"}

_ESM = """
export default {
  render({ model, el }) {
    el.classList.add("rw-present-keys");
    const keys = JSON.parse(model.get("step_keys"));
    // Leaving: a window opened from the facilitator view closes, and the facilitator is
    // back in their own tab; any other tab turns into the facilitator view.
    const leave = () => {
      if (window.opener) { window.close(); }
      if (!window.closed) { model.send({ type: "step", to: "leave" }); }
    };
    const onKey = (event) => {
      const to = keys[event.key];
      if (!to || event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) {
        return;  // Alt+← is the browser's own "back"
      }
      const target = event.target instanceof Element ? event.target : null;
      if (target && target.closest("input[type=text], input[type=password], textarea, select")
          && to !== "leave") {
        return;  // typing, or choosing in a list
      }
      if (event.key === " " && target && target.closest("button, input, a, summary")) {
        return;  // the space bar presses the focused control, as everywhere
      }
      event.preventDefault();  // no scrolling by the same key
      if (to === "leave") { leave(); } else { model.send({ type: "step", to }); }
    };
    const onMessage = (message) => { if (message.type === "leave") { leave(); } };
    document.addEventListener("keydown", onKey);
    model.on("msg:custom", onMessage);
    return () => {
      document.removeEventListener("keydown", onKey);
      model.off("msg:custom", onMessage);
    };
  },
};
"""


class PresentationKeys(EsmWidget):
    """Sends ``{"type": "step", "to": ...}`` for each step key; ``leave()`` asks the
    browser to leave (closing a window the facilitator view opened)."""

    _esm = Unicode(_ESM).tag(sync=True)
    step_keys = Unicode(help="JSON: key name -> step").tag(sync=True)

    def __init__(self, on_step, **kwargs):
        import json

        super().__init__(step_keys=json.dumps(STEP_KEYS), **kwargs)
        self._on_step = on_step
        self.on_msg(self._on_message)

    def leave(self) -> None:
        self.send({"type": "leave"})

    def _on_message(self, _widget, content, _buffers) -> None:
        if isinstance(content, dict) and content.get("type") == "step" \
                and content.get("to") in set(STEP_KEYS.values()):
            self._on_step(content["to"])
