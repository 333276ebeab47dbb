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
    assert source_year(dataclasses.replace(source, year=2019), "sv") == "2019"
    assert "</cite> (n.d.), " in citation(mini, mini.questions[0].cites, "en")
    assert "</cite> (n.d.). Test house." in _sources(mini, "en")
    assert "Test house, n.d. [" in overview_html(mini, "en")
    # A name given as one string reads the same in every language; the year does not.
    assert "Tester, <cite>Test source</cite> (u.å.), ”" in citation(
        mini, mini.questions[0].cites, "sv")
    assert "Test house, u.å. [" in overview_html(mini, "da")


def test_a_citation_is_written_in_the_pages_language(framework):
    """Swedish and Danish pages and reports cite in their own language (issue 16.E): the
    words describing a source (an interview without a byline), the missing year and the
    quotation marks around the section; the work's title stays its own."""
    from readiness.render.html_parts import citation
    from readiness.render.report import _sources

    interview = next(s for s in framework.sources if s.file.startswith("004_"))
    question = next(q for q in framework.questions
                    if any(c.source == interview.file for c in q.cites))
    cite = next(c for c in question.cites if c.source == interview.file)
    expected = {
        "en": ("Interview (no byline) with", "(n.d.)", f"“{cite.section}”"),
        "sv": ("Intervju (utan angiven skribent) med", "(u.å.)", f"”{cite.section}”"),
        "da": ("Interview (uden angivet skribent) med", "(u.å.)", f"»{cite.section}«"),
    }
    for language, (author, year, section) in expected.items():
        shown = citation(framework, question.cites, language)
        assert f"{author} Marianne Staal Stougaard" in shown, language
        assert f"<cite>{interview.title}</cite> {year}" in shown, language
        assert section.replace("'", "&#x27;") in shown, language
    english = ("no byline", "n.d.", "Not named in the source text", "not stated",
               "accompanying researcher", "University")
    for language in ("sv", "da"):
        pages = (_sources(framework, language) + overview_html(framework, language)
                 + "".join(citation(framework, q.cites, language) for q in framework.questions))
        assert [word for word in english if word in pages] == [], language
