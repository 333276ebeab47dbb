"""Does the codebook say what every value in the answers frame means, in every language?"""

from __future__ import annotations

from readiness.data import codebook
from readiness.framework.conditions import DONT_KNOW
from readiness.i18n.languages import built_in


def test_one_row_per_question_and_value(framework):
    """Counted from the framework (its questions change), never a fixed number."""
    book = codebook(framework)
    wanted = (sum(q.levels + 1 for q in framework.questions)
              + sum(len(g.options) + 1 for g in framework.gates))
    assert len(book) == wanted
    questions = book[book["kind"] == "question"]
    assert list(dict.fromkeys(questions["question_id"])) == [q.id for q in framework.questions]
    assert not book.duplicated(["question_id", "value"]).any()
    for question in framework.questions[:3] + framework.questions[-2:]:
        rows = book[book["question_id"] == question.id]
        assert rows["dimension_id"].unique().tolist() == [question.dimension]
        assert rows["value"].tolist() == [*map(str, range(1, question.levels + 1)), DONT_KNOW]
        assert rows["level"].dropna().tolist() == list(range(1, question.levels + 1))
        for language in built_in():
            assert rows[f"option_{language}"].tolist() == [
                *(option.label[language] for option in question.options),
                framework.dont_know_label[language]]
            assert set(rows[f"question_{language}"]) == {question.text[language]}
            assert set(rows[f"why_{language}"]) == {question.why[language]}
        titles = {s.file: s.title for s in framework.sources}
        for cite in question.cites:
            assert f"{titles[cite.source]}, \u201c{cite.section}\u201d" in rows["sources"].iloc[0]


def test_gates_have_their_words_and_no_level(mini):
    book = codebook(mini)
    gate = book[book["question_id"] == "gate.open"]
    assert gate["kind"].unique().tolist() == ["gate"]
    assert gate["value"].tolist() == ["open", "closed", DONT_KNOW]
    assert gate["level"].isna().all() and gate["dimension_id"].isna().all()
    assert gate["option_sv"].tolist() == ["Öppet", "Stängt", "Vet inte"]
    assert set(book["framework_id"]) == {"mini"} and set(book["framework_version"]) == {"1.0.0"}
