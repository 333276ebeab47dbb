"""The chart outside a Voilà page: the bundle from the kernel, and a static picture that a
saved notebook and its HTML export (``jupyter nbconvert --to html --execute``) show."""

from __future__ import annotations

import html
import json
import re
import subprocess
import sys
from pathlib import Path

from readiness.i18n.languages import pick
from readiness.render.charts import chart_summary, evaluation_series, profile_chart
from readiness.render.static_chart import fallback_html, figure_svg
from readiness.scoring.evaluation import evaluate
from readiness_widgets import profile_view
from readiness_widgets.assessment.results import draw
from readiness_widgets.frontend.chart import PLOTLY_BUNDLE, ChartView


def squeezed(text: str) -> str:
    """Text without its tags and spaces (labels are drawn in wrapped lines)."""
    return re.sub(r"\s+", "", html.unescape(re.sub(r"<[^>]+>", "", text)))


def test_the_kernel_sends_the_bundle_only_when_asked(monkeypatch):
    chart = ChartView()
    sent = []
    monkeypatch.setattr(chart, "send", lambda content, buffers=None: sent.append(
        (content, buffers)))
    chart._on_message(chart, {"type": "ping"}, [])
    assert sent == []  # nothing unasked: a Voilà page never asks, so it moves nothing more
    chart._on_message(chart, {"type": "plotly"}, [])
    [(content, buffers)] = sent
    assert content == {"type": "plotly"}
    assert buffers == [PLOTLY_BUNDLE.read_bytes()]
    assert b"window.Plotly = Plotly" in buffers[0]


def test_the_static_picture_draws_every_dimension_and_score(mini):
    answers = {q.id: q.levels for q in mini.questions}
    series = [evaluation_series("Ours", evaluate(mini, answers))]
    figure = profile_chart(mini, series, "en", "not enough answers")
    svg = figure_svg(figure, "the chart in words")
    assert svg.startswith("<svg") and 'aria-label="the chart in words"' in svg
    for dimension in mini.dimensions:
        assert squeezed(pick(dimension.label, "en")) in squeezed(svg)
    bars = re.findall(r'<rect x="[\d.]+" y="[\d.]+" width="([\d.]+)" height="28.0"', svg)
    assert len(bars) == len(mini.dimensions)  # one bar a dimension, all at 100: full width
    assert len(set(bars)) == 1 and float(bars[0]) > 300
    # Several series are markers with a legend naming them.
    two = profile_chart(mini, series + [evaluation_series("Theirs", evaluate(mini, {}))], "en",
                        "not enough answers")
    assert "Theirs" in figure_svg(two) and "<circle" in figure_svg(two)


def test_shown_in_a_notebook_the_chart_brings_its_picture_and_keeps_it_current(framework):
    from IPython.core.interactiveshell import InteractiveShell

    shell = InteractiveShell.instance()
    published = []
    monkey = shell.display_pub.publish
    shell.display_pub.publish = lambda data, metadata=None, **kw: published.append((data, kw))
    try:
        chart = profile_view(framework, [evaluation_series("Ours", evaluate(framework, {}))])
        from IPython.display import display

        display(chart)
        picture, widget = published
        assert 'class="rw-chart-fallback"' in picture[0]["text/html"]
        assert "application/vnd.jupyter.widget-view+json" in widget[0]
        assert squeezed(pick(framework.dimensions[0].label, "en")) in squeezed(
            picture[0]["text/html"])
        assert picture[0]["text/html"].count(">100<") == 1  # no answers: only the axis's tick
        # A new figure redraws the picture in place (a saved notebook shows the last one).
        best = {q.id: q.levels for q in framework.questions}
        draw(chart, framework, [evaluation_series("Ours", evaluate(framework, best))], "en")
    finally:
        shell.display_pub.publish = monkey
    update = published[-1]
    assert update[1].get("update") is True
    assert update[1]["transient"] == picture[1]["transient"]  # the same display id
    assert update[0]["text/html"].count(">100<") == len(framework.dimensions) + 1


NOTEBOOK = {
    "cells": [{"cell_type": "code", "execution_count": None, "id": "chart", "metadata": {},
               "outputs": [], "source": [
        "from readiness.framework.model import default_framework\n",
        "from readiness.render.charts import evaluation_series\n",
        "from readiness.scoring.evaluation import evaluate\n",
        "from readiness_widgets import profile_view\n",
        "framework = default_framework()\n",
        "answers = {q.id: q.levels for q in framework.questions}\n",
        "profile_view(framework, [evaluation_series('Ours', evaluate(framework, answers))])"]}],
    "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python",
                                "name": "python3"}},
    "nbformat": 4, "nbformat_minor": 5}


def test_an_nbconvert_html_export_shows_the_chart_as_a_picture(tmp_path, framework):
    notebook = tmp_path / "chart.ipynb"
    notebook.write_text(json.dumps(NOTEBOOK))
    jupyter = Path(sys.executable).with_name("jupyter")
    subprocess.run([str(jupyter), "nbconvert", "--to", "html", "--execute", str(notebook)],
                   check=True, capture_output=True, timeout=300, cwd=tmp_path)
    exported = (tmp_path / "chart.html").read_text()
    # The picture is an output of its own, plain HTML outside any script: it shows without
    # the widgets' JavaScript (which the export would fetch from a CDN) and offline.
    pictures = re.findall(r'<div class="rw-chart-fallback">(<svg.*?</svg>)</div>', exported,
                          flags=re.DOTALL)
    assert len(pictures) == 1
    before = exported[:exported.index(pictures[0])]
    assert before.rfind("<script") <= before.rfind("</script>")  # not inside a script
    for dimension in framework.dimensions:
        assert squeezed(pick(dimension.label, "en")) in squeezed(pictures[0])
    # Every question at its best level: each bar says 100, as does the axis's last tick.
    assert pictures[0].count(">100<") == len(framework.dimensions) + 1
    # The same picture the kernel drew from the chart's figure.
    series = [evaluation_series("Ours", evaluate(framework, {q.id: q.levels
                                                             for q in framework.questions}))]
    figure = profile_chart(framework, series, "en", "not enough answers")
    assert fallback_html(figure, chart_summary(framework, series, "en", "not enough answers")
                         ).count("<rect") == pictures[0].count("<rect")
