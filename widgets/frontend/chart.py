"""A plotly.js chart drawn in the browser from a JSON spec the kernel sends.

The kernel sends only the spec (a few kilobytes). The browser loads the small plotly.js
basic bundle once, from the Voilà server (cached, never a CDN), and only when the page is
idle, so the questions can be answered before the chart library has even arrived. Each
new spec updates the drawing in place with ``Plotly.react`` instead of rebuilding it. The
drawing follows its box's width (a ``ResizeObserver``): a chart drawn while hidden, such as
a group's results before the reveal, fits its box once shown, as after a rotation.
"""

from __future__ import annotations

from traitlets import Dict, Unicode

from readiness_widgets.frontend.esm_widget import EsmWidget

PLOTLY_PATH = "voila/static/plotly-basic.min.js"

_ESM = """
function loadPlotly(path) {
  // One load per page, shared by every chart on it.
  if (window.Plotly) { return Promise.resolve(window.Plotly); }
  if (!window.rwPlotlyLoading) {
    window.rwPlotlyLoading = new Promise((resolve, reject) => {
      let base = "/";
      const config = document.getElementById("jupyter-config-data");
      if (config) { base = JSON.parse(config.textContent).baseUrl || "/"; }
      const script = document.createElement("script");
      script.src = base.replace(/\\/?$/, "/") + path;
      script.onload = () => resolve(window.Plotly);
      script.onerror = () => { window.rwPlotlyLoading = null; reject(new Error(script.src)); };
      document.head.append(script);
    });
  }
  return window.rwPlotlyLoading;
}

function whenIdle(callback) {
  if (window.requestIdleCallback) { requestIdleCallback(callback, { timeout: 1500 }); }
  else { setTimeout(callback, 200); }
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
        fit();  // the box may have changed while plotly drew
      });
    };
    status.textContent = model.get("loading_text");
    whenIdle(() => loadPlotly(model.get("plotly_path")).then((library) => {
      Plotly = library;
      status.textContent = "";
      draw();
    }, () => { status.textContent = model.get("failed_text"); }));
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
    _esm = Unicode(_ESM).tag(sync=True)
    _css = Unicode(".rw-chart-view { min-height: 200px; } .rw-chart-status { margin: 0.5em 0; }"
                   ).tag(sync=True)
    figure = Dict(help="A plotly.js figure: data, layout and config").tag(sync=True)
    summary = Unicode("", help="The chart in words, read by screen readers").tag(sync=True)
    loading_text = Unicode("…").tag(sync=True)
    failed_text = Unicode("").tag(sync=True)
    plotly_path = Unicode(PLOTLY_PATH, help="Where the server serves plotly.js").tag(sync=True)
