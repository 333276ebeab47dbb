"""A plotly.js chart drawn in the browser from a JSON spec the kernel sends.

The kernel sends only the spec (a few kilobytes). The browser loads the workbook's own small
plotly.js bundle (bar and scatter traces, readiness/render/vendor/README.md) once, from the
Voilà server (cached, never a CDN), and only once the page is shown and quiet (nothing
changed on it for 0.3 s, or 3 s at the latest) and the browser idle, so the questions can be
answered before the chart library has even arrived. Where no Voilà serves the page
(JupyterLab, a notebook of one's own), the chart asks its kernel for the bundle instead,
once per browser window; a Voilà page never does, so it moves not a byte more. Each
new spec updates the drawing in place with ``Plotly.react`` instead of rebuilding it. The
drawing follows its box's width (a ``ResizeObserver``): a chart drawn while hidden, such as
a group's results before the reveal, fits its box once shown, as after a rotation.
"""

from __future__ import annotations

from pathlib import Path

from traitlets import Dict, Unicode

import readiness.render
from readiness_widgets.frontend.esm_widget import EsmWidget, compact

PLOTLY_FILE = "plotly-workbook.min.js"
"""In Voilà's static folder (the page config's ``fullStaticUrl``: a content-hashed address
the browser keeps, readiness_server/static_assets.py)."""
PLOTLY_PATH = f"voila/static/{PLOTLY_FILE}"
PLOTLY_BUNDLE = Path(readiness.render.__file__).parent / "vendor" / PLOTLY_FILE
"""The vendored bundle the kernel sends where no Voilà serves ``PLOTLY_PATH``."""

_ESM = """
function voilaConfig() {
  // Voilà's page says so in its config; JupyterLab's says "/lab", a saved export has none.
  try {
    const config = JSON.parse(document.getElementById("jupyter-config-data").textContent);
    return config.appUrl === "voila/" ? config : null;
  } catch (error) { return null; }
}

function loadScript(src, resolve, reject) {
  const script = document.createElement("script");
  script.src = src;
  script.onload = () => resolve(window.Plotly);
  script.onerror = () => { window.rwPlotlyLoading = null; reject(new Error(src)); };
  document.head.append(script);
}

function loadPlotly(model) {
  // One load per window, shared by every chart in it.
  if (window.Plotly) { return Promise.resolve(window.Plotly); }
  if (!window.rwPlotlyLoading) {
    window.rwPlotlyLoading = new Promise((resolve, reject) => {
      const voila = voilaConfig();
      if (voila) {  // Voilà serves the bundle as a static file the browser caches
        const base = (voila.baseUrl || "/").replace(/\\/?$/, "/");
        const folder = (voila.fullStaticUrl || base + "voila/static").replace(/\\/?$/, "/");
        loadScript(folder + model.get("plotly_file"), resolve, reject);
        return;
      }
      // Elsewhere (JupyterLab: Voilà's static path answers 403 there) the kernel sends it.
      const timer = setTimeout(() => {
        window.rwPlotlyLoading = null; reject(new Error("no bundle from the kernel"));
      }, 30000);
      const receive = (message, buffers) => {
        if (!message || message.type !== "plotly") { return; }
        model.off("msg:custom", receive);
        clearTimeout(timer);
        if (!buffers || !buffers.length) {
          window.rwPlotlyLoading = null; reject(new Error("no bundle")); return;
        }
        const url = URL.createObjectURL(new Blob(buffers, { type: "text/javascript" }));
        loadScript(url, resolve, reject);
      };
      model.on("msg:custom", receive);
      model.send({ type: "plotly" });
    });
  }
  return window.rwPlotlyLoading;
}

function hideFallback(el) {
  // Shown in a notebook, the chart's static picture is the output just before it: the
  // live chart replaces it (it stays in a saved notebook and its HTML export).
  const output = el.closest(".jp-OutputArea-child");
  const before = output && output.previousElementSibling;
  // (Its display is set: JupyterLab's styles would show a [hidden] output anyway.)
  if (before && before.querySelector(".rw-chart-fallback")) { before.style.display = "none"; }
}

function whenIdle(callback) {
  if (window.requestIdleCallback) { requestIdleCallback(callback, { timeout: 1500 }); }
  else { setTimeout(callback, 200); }
}

function pageQuiet() {
  // Resolves once the page is shown (Voilà draws the cells hidden, behind its "loading"
  // spinner, and shows them all at once) and nothing on it has changed for a moment (at
  // the latest a few seconds after it was shown). Run while the page's widgets were still
  // arriving, plotly.js (a megabyte of script to parse and run) took the browser from them
  // and delayed the first answer by up to a third of a second (issue 18.3). One per window.
  if (!window.rwPageQuiet) {
    window.rwPageQuiet = new Promise((resolve) => {
      const shown = () => !document.getElementById("loading");
      let quiet = null;
      let latest = null;
      const done = () => {
        observer.disconnect(); clearTimeout(quiet); clearTimeout(latest); clearTimeout(never);
        resolve();
      };
      const changed = () => {
        if (!shown()) { return; }
        clearTimeout(quiet); quiet = setTimeout(done, 300);
        if (latest === null) { latest = setTimeout(done, 3000); }
      };
      const observer = new MutationObserver(changed);
      observer.observe(document.body, { childList: true, subtree: true, characterData: true });
      const never = setTimeout(done, 15000);  // a page that is never shown still gets it
      changed();
    });
  }
  return window.rwPageQuiet;
}

export default {
  render({ model, el }) {
    el.classList.add("rw-chart-view");
    const plot = document.createElement("div");
    plot.setAttribute("role", "img");
    const status = document.createElement("p");
    status.className = "rw-muted rw-chart-status";
    el.append(plot, status);
    let Plotly = null;
    let revision = 0;
    const describe = () => plot.setAttribute("aria-label", model.get("summary"));
    // A chart drawn while its box is hidden (display: none until a reveal) is laid out at
    // plotly's default 700 px; the window's resize event never comes when only the box
    // changes (a reveal, a wider column). So the chart follows its box's width itself.
    const fit = () => {
      if (!Plotly || !plot._fullLayout) { return; }
      const width = el.clientWidth;
      if (width > 0 && Math.abs(width - plot._fullLayout.width) > 1) {
        Plotly.Plots.resize(plot).catch(() => { /* hidden again: the next change fits it */ });
      }
    };
    const observer = window.ResizeObserver ? new ResizeObserver(fit) : null;
    if (observer) { observer.observe(el); }
    const draw = () => {
      if (!Plotly) { return; }
      const figure = model.get("figure");
      if (!figure || !figure.data) { return; }
      const drawn = ++revision;
      Plotly.react(plot, figure.data, figure.layout, figure.config).then(() => {
        // Tests and the benchmark wait for this mark: the drawing is on screen.
        if (drawn === revision) { plot.dataset.revision = String(drawn); }
        hideFallback(el);
        // The box may have changed while plotly drew: measured at the next frame, when the
        // browser lays the page out anyway (read now, the other widgets' updates of the same
        // answer would force a layout of the whole page first).
        requestAnimationFrame(fit);
      });
    };
    status.textContent = model.get("loading_text");
    pageQuiet().then(() => whenIdle(() => loadPlotly(model).then((library) => {
      Plotly = library;
      status.textContent = "";
      draw();
    }, () => { status.textContent = model.get("failed_text"); })));
    model.on("change:figure", draw);
    model.on("change:summary", describe);
    describe();
    return () => {
      if (observer) { observer.disconnect(); }
      if (Plotly) { Plotly.purge(plot); }
    };
  },
};
"""


class ChartView(EsmWidget):
    _esm = Unicode(compact(_ESM)).tag(sync=True)
    _css = Unicode(".rw-chart-view { min-height: 200px; } .rw-chart-status { margin: 0.5em 0; }"
                   ).tag(sync=True)
    figure = Dict(help="A plotly.js figure: data, layout and config").tag(sync=True)
    summary = Unicode("", help="The chart in words, read by screen readers").tag(sync=True)
    loading_text = Unicode("…").tag(sync=True)
    failed_text = Unicode("").tag(sync=True)
    plotly_file = Unicode(PLOTLY_FILE, help="plotly.js in Voilà's static folder").tag(sync=True)

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._pictures: list = []  # the static pictures shown in a notebook, kept current
        self.on_msg(self._on_message)

    def _on_message(self, _widget, content, _buffers) -> None:
        # Asked only where no Voilà serves the bundle (JupyterLab), once per browser window.
        if isinstance(content, dict) and content.get("type") == "plotly":
            self.send({"type": "plotly"}, buffers=[PLOTLY_BUNDLE.read_bytes()])

    def _ipython_display_(self, **kwargs) -> None:
        """Shown by itself in a notebook: a static picture, then the live chart.

        The picture (SVG, a few kilobytes) is what a saved notebook, its HTML export
        (``jupyter nbconvert --to html``) and a reader without a kernel see; the live chart
        hides it once drawn. It follows the figure while the kernel runs. A chart inside a
        page (Voilà's) is never displayed by itself, so a page sends no picture.
        """
        from IPython.display import HTML, display

        from readiness.render.static_chart import fallback_html

        picture = display(HTML(fallback_html(self.figure, self.summary)), display_id=True)
        if picture is not None:
            if not self._pictures:
                self.observe(self._redraw_pictures, names=["figure", "summary"])
            self._pictures.append(picture)
        display(self._repr_mimebundle_(**kwargs), raw=True)

    def _redraw_pictures(self, _change=None) -> None:
        from IPython.display import HTML

        from readiness.render.static_chart import fallback_html

        for picture in self._pictures:
            picture.update(HTML(fallback_html(self.figure, self.summary)))
