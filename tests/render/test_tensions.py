"""Where the sources pull in different directions (issue 16 C): measurable goals (003)
against drifting to what can be counted (000, 001), and "do not plan for best practice"
(000) against a programme set out to produce success factors (003). The user sees each
beside its questions and in the report, with every side's citation."""

from __future__ import annotations

from html import escape, unescape

import pytest
import yaml

from readiness.errors import FrameworkError
from readiness.exchange.report_data import from_store_assessment
from readiness.framework.model import DEFAULT_FRAMEWORK_PATH, load_framework
from readiness.i18n.languages import built_in, pick
from readiness.i18n.ui_text import ui
from readiness.render.report import render_html

SIDES = {
    "tension.measurable-goals": {"003_fd96f04e4b46c74e.txt", "000_cb25ba8f277aaa9d.txt",
                                 "001_89143ca9771e8a5a.txt"},
    "tension.best-practice": {"000_cb25ba8f277aaa9d.txt", "003_fd96f04e4b46c74e.txt"},
}


def test_the_two_tensions_name_their_questions_and_every_side(framework, seeds_dir):
    tensions = {t.id: t for t in framework.tensions}
    assert set(tensions) == set(SIDES)
    assert {t.id for t in framework.tensions_on("outcomes.measurable-goals")} == \
        {"tension.measurable-goals"}
    assert {t.id for t in framework.tensions_on("outcomes.drift-check")} == \
        {"tension.measurable-goals"}
    assert {t.id for t in framework.tensions_on("purpose.model-aim")} == {"tension.best-practice"}
    assert framework.tensions_on("purpose.task-clarity") == ()
    for tension_id, sources in SIDES.items():
        tension = tensions[tension_id]
        assert {cite.source for cite in tension.cites} == sources
        for cite in tension.cites:  # each heading stands as a line of its source
            lines = (seeds_dir / cite.source).read_text(encoding="utf-8").splitlines()
            assert cite.section in [line.strip() for line in lines], cite
        for language in built_in():
            # the workbook's own way through the difference is marked as its own
            text = pick(tension.text, language)
            assert any(word in text for word in ("not the sources'", "inte källornas",
                                                 "ikke kildernes")), (tension_id, language)


def _broken(tmp_path, change) -> list[str]:
    data = yaml.safe_load(DEFAULT_FRAMEWORK_PATH.read_text(encoding="utf-8"))
    change(data["tensions"][0])
    path = tmp_path / "broken.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(FrameworkError) as caught:
        load_framework(path)
    return [f"{where}: {message}" for where, message in caught.value.problems]


def test_a_tension_needs_two_sources_and_known_questions(tmp_path):
    def one_source(tension):
        first = tension["cites"][0]
        tension["cites"] = [first, {**first, "section": "Fem rekommendationer"}]
        tension["questions"].append("outcomes.no-such-question")

    problems = _broken(tmp_path, one_source)
    assert "tensions[0].cites: should cite at least two different sources" in problems
    assert ("tensions[0].questions[3]: unknown question 'outcomes.no-such-question'"
            in problems), problems


@pytest.mark.parametrize("language", tuple(built_in()))
def test_the_report_writes_every_tension_out_with_its_citations(framework, store, language):
    record = store.create_assessment(framework, project="Norrby", role="staff",
                                     language=language)
    html = render_html(framework, from_store_assessment(store, record.id), language)
    assert f"<h2>{ui('tensions_heading', language)}</h2>" in html
    for tension in framework.tensions:
        assert escape(pick(tension.text, language)) in html
        part = html.split(f'data-tension="{tension.id}"')[1].split("</div>")[0]
        for cite in tension.cites:
            assert cite.section in unescape(part), (tension.id, cite.section)
        for item_id in tension.questions:  # which questions it concerns
            assert escape(pick(framework.item(item_id).text, language)) in html
    assert '<details class="rw-tension"' not in html  # written out in print, not folded
