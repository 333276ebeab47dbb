"""The page's small link to the browser: address bar, connection watch and downloads.

Voilà pages cannot run JavaScript from the kernel (``display(Javascript(...))`` does
nothing there), so this anywidget carries what needs the browser:

* it tells the kernel the address the page was opened with (``?assessment=...&lang=...``),
  which works with preheated kernels, and the browser's languages (the page's language
  where the address gives none), and keeps the address bar up to date, so a reload
  reopens the assessment and the address is the resume link (on a Voilà page; JupyterLab's
  address is the notebook's, so there the address stays and no link is shown);
* it keeps what the browser should remember (a facilitator key for the tab, the
  assessment a device joined a session with) and reports it with the address;
* it shows a banner when the connection is lost: at once when the kernel dies or its
  websocket closes, and when a ping goes unanswered (a kernel that hangs). It pings every
  two seconds while someone uses the page or answers wait, and once a minute while the
  page only lies open: a room of idle phones then costs the server next to nothing
  (issue 18.5). Live views do not wait for pings: the kernel follows the store itself
  while it shows one (``follow_store``), and the pings retry what waits;
* it turns a file sent from the kernel into a download, which works in the served page
  where file links are refused (Voilà answers 403 for most paths).
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from traitlets import Int, Unicode

from readiness_widgets.frontend.esm_widget import EsmWidget, compact

log = logging.getLogger(__name__)

FOLLOW_EVERY_S = 1.0
"""How often a page's kernel asks a SQLite store whether anyone wrote to it (microseconds)."""
FOLLOW_UNSURE_EVERY_S = 2.0
"""How often it ticks on a store that cannot tell (PostgreSQL): each tick reads a little."""
FOLLOW_NOTHING_EVERY_S = 5.0
"""How often a page that follows nothing at the moment asks whether it does now. Each
look wakes the kernel (about half a millisecond of processor a second, measured: two of
the five per cent of one core that 41 idle pages cost, issue 18.5)."""

_ESM = """
export default {
  render({ model, el }) {
    el.classList.add("rw-bridge");
    const link = document.createElement("p");
    link.className = "rw-link";
    el.append(link);
    // Tell the kernel which address the page was opened with. With preheated kernels the
    // notebook runs before the request exists, so this is how the page learns it.
    // What this browser remembers for the workbook: a facilitator key for this tab only
    // (sessionStorage, never in the address, which a projector would show) and the
    // assessments this device joined sessions with (localStorage, to rejoin).
    const memory = {};
    for (const storage of [window.sessionStorage, window.localStorage]) {
      try {
        for (let i = 0; i < storage.length; i++) {
          const name = storage.key(i);
          if (name.startsWith("rw-")) { memory[name] = storage.getItem(name); }
        }
      } catch (error) { /* storage disabled: nothing remembered */ }
    }
    // The browser's languages, most preferred first: the page's language where the
    // address gives none (a participant's phone set to Swedish opens in Swedish).
    const languages = [...(navigator.languages || [navigator.language || ""])];
    model.send({ type: "location", query: window.location.search.replace(/^[?]/, ""),
                 page: window.location.origin + window.location.pathname, memory,
                 languages });

    // The address is the resume link only where Voilà serves the page: in JupyterLab it is
    // the notebook's own (/lab/tree/...), which opens no assessment, so it stays as it is
    // and no link is shown.
    let onVoila = false;
    try {
      onVoila = JSON.parse(document.getElementById("jupyter-config-data").textContent)
        .appUrl === "voila/";
    } catch (error) { /* not a Voilà page */ }
    const showLink = () => {
      const query = model.get("query");
      if (!onVoila) { link.hidden = true; return; }
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

    // Everything below outlives this view, once per window: when a kernel restarts, the
    // widget manager drops its views, and that is exactly when answers must still be kept.
    if (window.rwSafetyNet) { return () => link.remove(); }
    window.rwSafetyNet = true;

    // -- answers kept in this browser until the store has them ---------------------------
    // Every answer and note is noted here (localStorage, under the assessment's id) the
    // moment it is given, and forgotten when the kernel reports it settled. While anything
    // is waiting the page never shows "saved"; after a reload the next kernel stores it.
    let journal = {};
    const journalName = () => {
      const assessment = model.get("assessment");
      return assessment ? "rw-unsaved:" + assessment : "";
    };
    const loadJournal = () => {
      journal = {};
      try {
        const kept = JSON.parse(window.localStorage.getItem(journalName()) || "{}");
        if (kept && typeof kept === "object") { journal = kept; }
      } catch (error) { /* nothing kept, or storage disabled */ }
    };
    const saveJournal = () => {
      const name = journalName();
      if (!name) { return; }
      try {
        if (Object.keys(journal).length) {
          window.localStorage.setItem(name, JSON.stringify(journal));
        } else {
          window.localStorage.removeItem(name);
        }
      } catch (error) { /* storage disabled: the kernel still has the answer if it is alive */ }
    };
    const note = (key, value) => {
      if (!journalName()) { return; }
      journal[key] = { v: value, t: Date.now() };
      saveJournal();
      show();
    };
    const cssOf = (element, prefix) =>
      [...element.classList].find((name) => name.startsWith(prefix));
    // An action taken on: its who, by when and status, as one JSON text.
    const notePlan = (field) => {
      const row = field.closest(".rw-plan-row");
      const css = row && cssOf(row, "rw-planned-");
      const select = row && row.querySelector("select");
      if (!css || !select) { return; }
      const texts = [...row.querySelectorAll("input[type=text]")].map((input) => input.value);
      // The status by its position among the options (their values are the widget's own).
      note("p:" + css, JSON.stringify([texts[0] || "", texts[1] || "", select.selectedIndex]));
    };
    const onChange = (event) => {
      const input = event.target;
      if (input instanceof HTMLSelectElement) { notePlan(input); return; }
      if (!(input instanceof HTMLInputElement) || input.type !== "radio") { return; }
      const box = input.closest(".rw-choice");
      const css = box && cssOf(box, "rw-q-");
      if (css) { note("q:" + css, [...box.querySelectorAll("input[type=radio]")].indexOf(input)); }
    };
    const onInput = (event) => {
      const area = event.target;
      if (area instanceof HTMLInputElement && area.type === "text") { notePlan(area); return; }
      if (!(area instanceof HTMLTextAreaElement)) { return; }
      const box = area.closest(".rw-note");
      const css = box && cssOf(box, "rw-note-");
      if (css) { note("n:" + css, area.value); }
    };
    document.addEventListener("change", onChange, true);
    document.addEventListener("input", onInput, true);
    model.on("change:assessment", () => { loadJournal(); show(); });
    loadJournal();

    // -- the connection ------------------------------------------------------------------
    // Lost when the kernel's websocket closes or the kernel dies (noticed at once), or when
    // a ping goes unanswered. The page then asks the server every two seconds and reloads
    // itself once it answers: the new kernel reopens the assessment and stores what waits.
    let waitingSince = 0;  // when the oldest unanswered ping was sent; 0: none waits
    let lastPing = 0;
    let lastUse = Date.now();
    let lost = false;
    let dead = false;  // the kernel or its websocket is gone for certain
    const banner = document.createElement("div");
    banner.className = "rw-connection-lost";
    banner.setAttribute("role", "alert");
    banner.hidden = true;
    // In <body>, not in the widget: a container with `contain: strict` would pin this
    // `position: fixed` banner to itself, far out of view on a scrolled page.
    document.body.append(banner);
    const show = () => {
      const count = Object.keys(journal).length;
      const overdue = Object.values(journal).some((entry) => Date.now() - entry.t > 1500);
      const waiting = count ? model.get("waiting_text").replace("{count}", String(count)) : "";
      document.body.classList.toggle("rw-unsaved", count > 0);
      document.body.classList.toggle("rw-offline", lost);
      banner.classList.toggle("rw-waiting-only", !lost);
      banner.hidden = !lost && !overdue;
      banner.textContent = lost ? [model.get("lost_text"), waiting].join(" ").trim() : waiting;
    };
    // Leaving the page (a link, the back button, a reload) stops its kernel: that is no
    // lost connection, and a reload now would replace the page the user is going to. A
    // navigation that does not happen (a download link, a cancelled unload) is over after
    // a few seconds, and a page restored from the back-forward cache is here again.
    let leaving = false;
    let leavingTimer = 0;
    const leave = () => {
      leaving = true;
      clearTimeout(leavingTimer);
      leavingTimer = setTimeout(() => { leaving = false; }, 5000);
    };
    window.addEventListener("beforeunload", leave);
    window.addEventListener("pagehide", leave);
    window.addEventListener("pageshow", (event) => {
      leaving = false;
      // Back from the back-forward cache, the page's kernel is gone: a fresh page is needed.
      if (event.persisted && voilaStatic) { window.location.reload(); }
    });
    const markLost = (certain) => {
      if (leaving) { return; }
      dead = dead || certain;
      lost = true;
      show();
      if (dead) { reconnect(); }
    };
    const kernel = model.widget_manager && model.widget_manager.kernel;
    if (kernel && kernel.statusChanged && kernel.connectionStatusChanged) {
      kernel.statusChanged.connect((_sender, status) => {
        if (["dead", "restarting", "autorestarting"].includes(status)) { markLost(true); }
      });
      kernel.connectionStatusChanged.connect((_sender, status) => {
        if (status !== "connected") { markLost(true); }
      });
    }
    // Only a page Voilà serves reloads itself (never JupyterLab, where a researcher may
    // restart a kernel on purpose).
    let voilaStatic = "";
    try {
      const config = JSON.parse(document.getElementById("jupyter-config-data").textContent);
      if (config.appUrl === "voila/" && config.fullStaticUrl) {
        voilaStatic = config.fullStaticUrl + (config.fullStaticUrl.endsWith("/") ? "" : "/");
      }
    } catch (error) { /* not a Voilà page */ }
    let probing = false;
    const reconnect = async () => {
      if (probing || leaving || !voilaStatic) { return; }
      probing = true;
      try {
        // Any answer, even an error status, means the server is back.
        await fetch(voilaStatic, { cache: "no-store" });
        if (!leaving) { window.location.reload(); }
      } catch (error) { /* still away: try again on the next tick */ }
      probing = false;
    };
    model.on("msg:custom", (message) => {
      if (message.type === "pong") {
        waitingSince = 0;
        if (!dead) { lost = false; }
        show();
      } else if (message.type === "settled") {
        const entry = journal[message.key];
        if (entry && entry.v === message.value) {
          delete journal[message.key];
          saveJournal();
        }
        show();
      } else if (message.type === "remember") {
        try {
          const storage = message.tab_only ? window.sessionStorage : window.localStorage;
          if (message.value === null) { storage.removeItem(message.name); }
          else { storage.setItem(message.name, message.value); }
        } catch (error) { /* storage disabled: the user types the code or key again */ }
      } else if (message.type === "download") {
        let content = message.content;
        if (message.encoding === "base64") {  // binary files, e.g. an Excel workbook
          const raw = atob(content);
          content = new Uint8Array(raw.length);
          for (let i = 0; i < raw.length; i++) { content[i] = raw.charCodeAt(i); }
        }
        const blob = new Blob([content], { type: message.mime });
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
    const ping = () => {
      lastPing = Date.now();
      if (!waitingSince) { waitingSince = lastPing; }
      try { model.send({ type: "ping" }); } catch (error) { markLost(true); }
    };
    // In use: touched or typed in lately, answers waiting, or the connection in doubt.
    const inUse = () => Date.now() - lastUse < model.get("in_use_ms") || lost
      || Object.keys(journal).length > 0;
    const used = () => {  // back after a while: make sure the connection is there
      lastUse = Date.now();
      if (lastUse - lastPing > model.get("ping_ms")) {
        // Once the event's own handlers have run: an answer it gives goes to the kernel
        // first, not behind the ping (issue 18.3).
        lastPing = lastUse;
        setTimeout(ping, 0);
      }
    };
    for (const type of ["pointerdown", "keydown", "input", "change"]) {
      document.addEventListener(type, used, { capture: true, passive: true });
    }
    document.addEventListener("visibilitychange", () => { if (!document.hidden) { used(); } });
    let lastProbe = 0;
    setInterval(() => {
      const now = Date.now();
      const every = inUse() ? model.get("ping_ms") : model.get("idle_ping_ms");
      if (now - lastPing >= every - 250) { ping(); }
      if (waitingSince && now - waitingSince > model.get("timeout_ms")) { markLost(false); }
      // Only a kernel or websocket known to be gone is replaced: a slow kernel (a room
      // arriving at once) is waited for, or reloads would add to the load.
      if (dead && now - lastProbe >= 2000) { lastProbe = now; reconnect(); }
      show();
    }, 500);
    window.addEventListener("offline", () => markLost(false));
    return () => link.remove();
  },
};
"""

_CSS = """
.rw-connection-lost {
  position: fixed; top: 0; left: 0; right: 0; z-index: 1000;
  padding: 0.8em 1em; background: #8a1c1c; color: #fff; font-weight: bold;
}
.rw-connection-lost.rw-waiting-only { background: #fff1c2; color: #5a3d00; font-weight: normal;
  border-bottom: 2px solid #b58100; }
/* While an answer waits for the store, the page must not say "saved". */
body.rw-unsaved .rw-header .rw-status { visibility: hidden; }
.rw-link { overflow-wrap: anywhere; margin: 0.3em 0; }
"""


class PageBridge(EsmWidget):
    _esm = Unicode(compact(_ESM)).tag(sync=True)
    _css = Unicode(_CSS).tag(sync=True)
    query = Unicode("", help="The address's query string, e.g. assessment=...&lang=sv").tag(
        sync=True)
    link_label = Unicode("", help="Text before the resume link; empty hides the link").tag(
        sync=True)
    lost_text = Unicode("", help="Banner shown when the kernel stops answering").tag(sync=True)
    waiting_text = Unicode("", help="How many answers wait to be saved; {count} is filled "
                                    "in by the browser").tag(sync=True)
    assessment = Unicode("", help="The open assessment: the browser keeps its unsaved "
                                  "answers under this id").tag(sync=True)
    timeout_ms = Int(7000, help="A ping unanswered this long: the connection counts as "
                                "lost").tag(sync=True)
    ping_ms = Int(2000, help="How often the page pings while in use").tag(sync=True)
    idle_ping_ms = Int(60000, help="How often it pings while it only lies open").tag(
        sync=True)
    in_use_ms = Int(30000, help="A page touched or typed in this recently is in use").tag(
        sync=True)

    def __init__(self, on_location=None, **kwargs):
        super().__init__(**kwargs)
        self._on_location = on_location
        self._on_tick: list = []
        self._store_watch = None
        self._following: object | None = None  # the store followed now (follow_store)
        self.page_url = ""
        self.memory: dict[str, str] = {}
        self.languages: list[str] = []  # the browser's (navigator.languages), e.g. sv-SE
        self.on_msg(self._on_message)

    def on_tick(self, callback) -> None:
        """Call ``callback`` on every tick: each ping from the browser (every 2 s while the
        page is in use, every 60 s while it lies open) and, once ``follow_store`` is on,
        each change to the store. Live views read the store again this way."""
        self._on_tick.append(callback)

    def tick(self) -> None:
        for callback in list(self._on_tick):
            callback()

    def follow_store(self, store, every_s: Callable[[], float | None] = lambda: FOLLOW_EVERY_S,
                     ) -> None:
        """Tick whenever anyone writes to the store, looked for in the kernel's own event
        loop every ``every_s()`` seconds (None: the page follows nothing now; it asks again
        every ``FOLLOW_NOTHING_EVERY_S``): no message crosses the network while nothing
        changes, and an answer reaches a live view within about a second (issue 18.5).
        Outside a kernel (no running event loop) nothing is followed; a store that cannot
        tell (PostgreSQL) ticks every two seconds at the most, as the pings did."""
        import asyncio

        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return
        if self._store_watch is not None:
            self._store_watch.close()
            self._store_watch = None
        following = self._following = object()

        def look() -> None:
            if following is not self._following:
                return  # another store is followed now
            wanted = every_s()
            if wanted is None:  # nothing to follow now: only ask again later
                loop.call_later(FOLLOW_NOTHING_EVERY_S, look)
                return
            try:
                # Its own SQLite connection, opened once the page has something to follow.
                if self._store_watch is None:
                    self._store_watch = store.watch_changes()
                if self._store_watch.changed():
                    self.tick()
            except Exception:  # noqa: BLE001 - a failed look must not stop following
                log.exception("following the store")
            exact = self._store_watch is None or self._store_watch.exact
            loop.call_later(wanted if exact else max(wanted, FOLLOW_UNSURE_EVERY_S), look)

        loop.call_later(FOLLOW_EVERY_S, look)

    def remember(self, name: str, value: str, tab_only: bool = False) -> None:
        """Keep ``name`` in the browser (reported back in ``memory`` on the next visit)."""
        self.memory[name] = value
        self.send({"type": "remember", "name": name, "value": value, "tab_only": tab_only})

    def forget(self, name: str) -> None:
        """Let the browser forget ``name`` (kept with ``remember``, not for the tab only)."""
        self.memory.pop(name, None)
        self.send({"type": "remember", "name": name, "value": None, "tab_only": False})

    def _on_message(self, _widget, content, _buffers) -> None:
        if not isinstance(content, dict):
            return
        if content.get("type") == "ping":
            self.send({"type": "pong"})
            self.tick()
        elif content.get("type") == "location" and self._on_location is not None:
            memory = content.get("memory")
            if isinstance(memory, dict):
                self.memory = {str(k): str(v) for k, v in memory.items()
                               if str(k).startswith("rw-")}
            self.page_url = str(content.get("page", ""))
            languages = content.get("languages")
            if isinstance(languages, list):
                self.languages = [str(tag) for tag in languages[:20]]
            self._on_location(str(content.get("query", "")))

    def download(self, name: str, content: str | bytes, mime: str = "application/json") -> None:
        """Hand ``content`` to the browser as a file called ``name``."""
        if isinstance(content, bytes):
            import base64

            self.send({"type": "download", "name": name, "mime": mime, "encoding": "base64",
                       "content": base64.b64encode(content).decode("ascii")})
            return
        self.send({"type": "download", "name": name, "content": content, "mime": mime})
