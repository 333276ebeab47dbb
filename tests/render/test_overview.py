"""Does the question bank page show the framework, escaped, in the chosen language?"""

import dataclasses
from types import MappingProxyType

from readiness.render.overview import overview_html


def test_overview_lists_every_question_in_the_language(framework):
    page = overview_html(framework, "da")
    for question in framework.questions:
        assert question.text["da"].replace("'", "&#x27;").replace('"', "&quot;") in page
    assert "Kilder" in page and "Røde flag" in page


def test_framework_text_cannot_inject_markup(framework):
    hostile = MappingProxyType({"en": "<script>alert(1)</script>", "sv": "x", "da": "x"})
    forked = dataclasses.replace(framework, title=hostile)
    page = overview_html(forked, "en")
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_a_source_without_a_year_is_cited_n_d_in_the_panels_report_and_overview(mini):
    from readiness.render.html_parts import citation, source_year
    from readiness.render.report import _sources

    source = mini.sources[0]
    assert source.year is None and source.year_note
    assert source_year(dataclasses.replace(source, year=2019)) == "2019"
    assert "</cite> (n.d.), " in citation(mini, mini.questions[0].cites, "en")
    assert "</cite> (n.d.). Test house." in _sources(mini, "en")
    assert "Test house, n.d. [" in overview_html(mini, "en")
