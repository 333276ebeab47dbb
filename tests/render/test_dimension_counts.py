"""Charts and print layouts hold 4 to 12 dimensions (issue 17.6): forks of the shipped
framework with 4, 8 and 12 dimensions (tests/fixtures/fork.py) draw a legible profile
chart, and every report prints its chart on the PDF's first page."""

from __future__ import annotations

import re
import subprocess

import pytest

from readiness.exchange.report_data import from_sessions, from_store_assessment
from readiness.framework.model import load_framework
from readiness.framework.validation import validate_framework_data
from readiness.render.charts import (
    MIN_ROW_HEIGHT,
    ROLE_STYLES,
    Series,
    profile_chart,
)
from readiness.render.report import FIRST_PAGE_CHART_PX, render_html, write_pdf
from readiness.render.static_chart import figure_svg
from readiness.store.sessions import create_session, join_session
from tests.fixtures.fork import FEWEST, MOST, fork_data, write_fork
from tests.render.test_report import chromium_and_pdftoppm

COUNTS = (FEWEST, 8, MOST)


@pytest.fixture(scope="module", params=COUNTS, ids=lambda n: f"{n}-dimensions")
def fork(request, tmp_path_factory):
    return load_framework(write_fork(tmp_path_factory.mktemp("fork"), request.param))


@pytest.mark.parametrize("count", COUNTS)
def test_forks_of_4_to_12_dimensions_are_valid_frameworks(count, tmp_path):
    assert validate_framework_data(fork_data(count)) == []
    framework = load_framework(write_fork(tmp_path, count))
    assert len(framework.dimensions) == count
    assert all(framework.questions_in(d.id) for d in framework.dimensions)


def _series(framework, count: int) -> list[Series]:
    """``count`` series: the group's median, then roles in their own styles."""
    scores = {d.id: 10.0 + 7 * i for i, d in enumerate(framework.dimensions)}
    roles = list(ROLE_STYLES.items())
    return [Series("median", scores)] + [
        Series(role, scores, colour=colour, symbol=symbol)
        for role, (colour, symbol) in roles[:count - 1]]


def _label_lines_fit(figure: dict) -> bool:
    """Every axis label's lines (at plotly's 1.3 line height) fit its row."""
    layout = figure["layout"]
    rows = len(layout["yaxis"]["categoryarray"])
    row = layout["meta"]["row_height"] + 34 / rows  # plotly shares 34 pixels out
    line = 1.3 * layout["yaxis"]["tickfont"]["size"]
    return all((label.count("<br>") + 1) * line <= row
               for label in layout["yaxis"]["categoryarray"])


@pytest.mark.parametrize("series_count", [1, 2, 5, 8])
def test_the_chart_of_4_to_12_dimensions_keeps_labels_and_markers_apart(fork, series_count):
    series = _series(fork, series_count)
    free = profile_chart(fork, series, "sv", "för få svar")
    fitted = profile_chart(fork, series, "sv", "för få svar", FIRST_PAGE_CHART_PX)
    for figure in (free, fitted):
        assert _label_lines_fit(figure), figure["layout"]["yaxis"]["categoryarray"]
        assert len(figure["layout"]["yaxis"]["categoryarray"]) == len(fork.dimensions)
    # Where the chart may grow (a page), each marker has a place of its own in its row.
    row = free["layout"]["meta"]["row_height"]
    share = 1 - free["layout"].get("scattergap", 0.2)
    if series_count > 1:
        size = free["data"][0]["marker"]["size"]
        assert row * share / series_count >= size
    # On a report's first page: no taller than allowed while rows can shrink.
    layout = fitted["layout"]
    if layout["meta"]["row_height"] > MIN_ROW_HEIGHT:
        assert layout["height"] <= FIRST_PAGE_CHART_PX
    if series_count <= 5:  # the group's median and up to four roles
        assert layout["height"] <= FIRST_PAGE_CHART_PX
    # The static picture (a notebook's export) takes the same rows and label size.
    free_svg, fitted_svg = figure_svg(free), figure_svg(fitted)
    heights = [float(re.search(r'viewBox="0 0 \d+ ([\d.]+)"', svg).group(1))
               for svg in (free_svg, fitted_svg)]
    assert heights[1] <= heights[0]
    size = layout["yaxis"]["tickfont"]["size"]
    assert f'font-size="{size}" text-anchor="end"' in fitted_svg


def _axis_on_first_page(pdf) -> bool:
    """The chart's x axis (0 25 50 75 100 on one line) is among the first page's words:
    the whole chart is there (it never breaks across pages)."""
    words = subprocess.run(["pdftotext", "-f", "1", "-l", "1", "-bbox", str(pdf), "-"],
                           capture_output=True, text=True, check=True).stdout
    lines: dict[float, list[str]] = {}
    for y, word in re.findall(r'<word xMin="[\d.]+" yMin="([\d.]+)"[^>]*>([^<]*)</word>',
                              words):
        lines.setdefault(round(float(y)), []).append(word)
    return any(found == ["0", "25", "50", "75", "100"] for found in lines.values())


@pytest.mark.parametrize("kind", ["shared", "facilitator", "individual"])
def test_every_report_prints_its_chart_on_the_first_page(store, fork, kind, tmp_path):
    chromium_and_pdftoppm()
    if kind == "individual":
        record = store.create_assessment(fork, project="Norrby", language="sv")
        for index, question in enumerate(fork.questions[:len(fork.questions) * 2 // 3]):
            store.save_answer(fork, record.id, question.id, 1 + index % question.levels)
        html = render_html(fork, from_store_assessment(store, record.id))
    else:
        # As a group that has answered: four roles (the facilitator's chart shows each).
        session, _key = create_session(store, fork, project="Norrby", language="sv",
                                       round_name="planering")
        roles = ("resident", "resident", "resident", "staff", "staff", "manager", "partner")
        for index, role in enumerate(roles):
            member = join_session(store, fork, session.join_code, role=role,
                                  display_name=f"Deltagare {index}")
            for number, question in enumerate(fork.questions):
                store.save_answer(fork, member.id, question.id,
                                  1 + (index + number) % question.levels)
        html = render_html(fork, from_sessions(store, [session.id]),
                           with_names=kind == "facilitator")
        # The facilitator's chart draws every role beside the median; the shared one, some.
        drawn = html[html.index('id="rw-group"'):]
        traces = drawn[:drawn.index("</script>")].count('"type": "scatter"')
        assert traces == 5 if kind == "facilitator" else traces >= 2
    pdf = write_pdf(html, tmp_path / "report.pdf")
    assert _axis_on_first_page(pdf)
