"""The page's small link to the browser: address bar, connection watch and downloads.

Voilà pages cannot run JavaScript from the kernel (``display(Javascript(...))`` does
nothing there), so this anywidget carries the three things that need the browser:

* it tells the kernel the address the page was opened with (``?assessment=...&lang=...``),
  which works with preheated kernels, and keeps the address bar up to date, so a reload
  reopens the assessment and the address is the resume link;
* it pings the kernel every two seconds and shows a banner when answers stop arriving
  (a dead kernel, a stopped server or a lost network);
* it turns a file sent from the kernel into a download, which works in the served page
  where file links are refused (Voilà answers 403 for most paths).
"""

from __future__ import annotations

import anywidget
from traitlets import Int, Unicode

_ESM = """
export default {
  render({ model, el }) {
    el.classList.add("rw-bridge");
    const link = document.createElement("p");
    link.className = "rw-link";
    const banner = document.createElement("div");
    banner.className = "rw-connection-lost";
    banner.setAttribute("role", "alert");
    banner.hidden = true;
    el.append(link, banner);
    // Tell the kernel which address the page was opened with. With preheated kernels the
    // notebook runs before the request exists, so this is how the page learns it.
    model.send({ type: "location", query: window.location.search.replace(/^[?]/, "") });

    const showLink = () => {
      const query = model.get("query");
      if (query) {
        const target = window.location.pathname + "?" + query;
        if (window.location.pathname + window.location.search !== target) {
          history.replaceState(null, "", target);
        }
      }
      // The link is worth showing only when it leads back to an assessment.
      link.hidden = !query || !model.get("link_label");
      if (link.hidden) { return; }
      link.textContent = model.get("link_label") + " ";
      const anchor = document.createElement("a");
      anchor.href = window.location.href;
      anchor.textContent = window.location.href;
      link.append(anchor);
    };
    model.on("change:query", showLink);
    model.on("change:link_label", showLink);
    showLink();

    let lastAnswer = Date.now();
    const showLost = () => {
      banner.textContent = model.get("lost_text");
      banner.hidden = false;
      document.body.classList.add("rw-offline");
    };
    model.on("msg:custom", (message) => {
      if (message.type === "pong") {
        lastAnswer = Date.now();
        banner.hidden = true;
        document.body.classList.remove("rw-offline");
      } else if (message.type === "download") {
        const blob = new Blob([message.content], { type: message.mime });
        const url = URL.createObjectURL(blob);
        const anchor = document.createElement("a");
        anchor.href = url;
        anchor.download = message.name;
        document.body.append(anchor);
        anchor.click();
        anchor.remove();
        setTimeout(() => URL.revokeObjectURL(url), 60000);
      }
    });
    const timer = setInterval(() => {
      try { model.send({ type: "ping" }); } catch (error) { /* shown below */ }
      if (Date.now() - lastAnswer > model.get("timeout_ms")) { showLost(); }
    }, 2000);
    window.addEventListener("offline", showLost);
    return () => clearInterval(timer);
  },
};
"""

_CSS = """
.rw-connection-lost {
  position: fixed; top: 0; left: 0; right: 0; z-index: 1000;
  padding: 0.8em 1em; background: #8a1c1c; color: #fff; font-weight: bold;
}
.rw-link { overflow-wrap: anywhere; margin: 0.3em 0; }
"""


class PageBridge(anywidget.AnyWidget):
    _esm = _ESM
    _css = _CSS
    query = Unicode("", help="The address's query string, e.g. assessment=...&lang=sv").tag(
        sync=True)
    link_label = Unicode("", help="Text before the resume link; empty hides the link").tag(
        sync=True)
    lost_text = Unicode("", help="Banner shown when the kernel stops answering").tag(sync=True)
    timeout_ms = Int(7000, help="Silence after which the connection counts as lost").tag(
        sync=True)

    def __init__(self, on_location=None, **kwargs):
        super().__init__(**kwargs)
        self._on_location = on_location
        self.on_msg(self._on_message)

    def _on_message(self, _widget, content, _buffers) -> None:
        if not isinstance(content, dict):
            return
        if content.get("type") == "ping":
            self.send({"type": "pong"})
        elif content.get("type") == "location" and self._on_location is not None:
            self._on_location(str(content.get("query", "")))

    def download(self, name: str, content: str, mime: str = "application/json") -> None:
        """Hand ``content`` to the browser as a file called ``name``."""
        self.send({"type": "download", "name": name, "content": content, "mime": mime})
