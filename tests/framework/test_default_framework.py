"""Does the shipped framework cover the evidence, completely and in three languages?"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from readiness.framework.model import DEFAULT_FRAMEWORK_PATH, default_framework
from readiness.i18n.languages import built_in
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def framework():
    """This module checks the shipped framework itself, never a fork (even under
    ``pytest --framework-fork``)."""
    return default_framework()


# The evidence concepts every framework release must cover (issue #3).
PITFALLS = {
    "pitfall.overambitious-goals", "pitfall.best-practice-aim",
    "pitfall.no-shared-problem-definition", "pitfall.measurable-drift",
    "pitfall.learning-assumed", "pitfall.collaboration-friction",
    "pitfall.no-mandate-or-funding", "pitfall.residents-as-co-implementors",
    "pitfall.professional-closed-partnership", "pitfall.individual-level-only",
    "pitfall.deficit-view", "pitfall.no-shared-interest", "pitfall.short-lived-anchoring",
    "pitfall.area-effort-alone",
    # issue 16 C
    "pitfall.upkeep-unplanned", "pitfall.information-exchange-only",
}
SUCCESS_FACTORS = {
    "success.clear-task", "success.mandate-funding", "success.reflection-occasions",
    "success.build-on-existing", "success.residents-drive", "success.meeting-place",
    "success.local-process-leader", "success.partnership-agreement",
    "success.housing-company-active", "success.long-term", "success.early-involvement",
    "success.collective-organisation", "success.calculated-trust",
    "success.co-production-all-levels", "success.flexible-frames", "success.look-outside",
    "success.keep-trying", "success.meaningful-outcomes", "success.cross-site-learning",
    "success.resources-view",
    # issue 16 C
    "success.shared-definition", "success.involvement-in-every-phase",
    "success.tenant-democracy", "success.knowledge-as-result",
}
SOURCE_FILES = {
    "000_cb25ba8f277aaa9d.txt", "001_89143ca9771e8a5a.txt", "002_22c6808823465ce4.txt",
    "003_fd96f04e4b46c74e.txt", "004_49c6b2e5d9f67d25.txt",
}


def texts(node, path="") -> Iterator[tuple[str, dict]]:
    """Every translated text in the raw file: mappings with any language key."""
    if isinstance(node, dict):
        if set(node) & set(built_in()):
            yield path, node
            return
        for key, value in node.items():
            yield from texts(value, f"{path}.{key}" if path else key)
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from texts(value, f"{path}[{index}]")


@functools.cache
def _raw(path: str) -> dict:
    from readiness.framework.validation import read_framework_data

    return read_framework_data(Path(path))


def raw_data(framework) -> dict:
    """The framework file as validated data (the loaded framework keeps only its objects)."""
    return _raw(framework.path)


def entries(framework):
    for section in ("concepts", "gates", "questions", "actions", "flags"):
        yield from ((section, entry) for entry in raw_data(framework)[section])


def test_it_loads_from_the_package(framework):
    assert framework.path == str(DEFAULT_FRAMEWORK_PATH)
    assert framework.id == "samverkan-readiness"


def test_six_to_eight_dimensions_each_with_questions(framework):
    assert 6 <= len(framework.dimensions) <= 8
    for dimension in framework.dimensions:
        assert len(framework.questions_in(dimension.id)) >= 3, dimension.id


def test_every_text_is_translated(framework):
    found = list(texts(raw_data(framework)))
    # title, description, dimension texts, every question text, why and option...
    expected_minimum = len(framework.questions) * 6 + len(framework.flags) * 2
    assert len(found) >= expected_minimum
    for path, text in found:
        for language in built_in():
            assert isinstance(text.get(language), str) and text[language].strip(), \
                f"{path}.{language} is missing or empty"
        # A "translation" that is just the English text copied is not one.
        if len(text["en"]) > 30:
            assert text["sv"] != text["en"] and text["da"] != text["en"], path


def test_questions_are_anchored_not_agreement_scales(framework):
    # An agreement scale starts its options with the degree of agreement.
    agree = re.compile(r"^\W*(strongly |fully |partly |helt |delvis )?"
                       r"(agree|disagree|neutral|instämmer|enig|uenig)\b", re.I)
    for question in framework.questions:
        assert 3 <= question.levels <= 6, question.id
        for language in built_in():
            labels = [option.label[language] for option in question.options]
            assert len(set(labels)) == len(labels), f"{question.id} repeats an option"
            for label in labels:
                assert not agree.search(label), f"{question.id}: {label}"
                assert len(label.split()) >= 4, f"{question.id}: '{label}' is not a situation"
    assert framework.dont_know_label["en"]


def test_gate_on_residents_influence_caps_participation(framework):
    gate = framework.gate("gate.direction-open")
    assert "closed" in gate.values
    effects = [e for e in gate.effects if "closed" in e.when]
    assert effects and effects[0].dimension == "participation"
    assert effects[0].max_level < max(q.levels for q in framework.questions_in("participation"))
    closed_flags = [f for f in framework.flags
                    if f.when.holds({"gate.direction-open": "closed"})]
    assert closed_flags, "a closed direction raises its own flag"


def test_every_evidence_concept_is_declared_and_covered(framework):
    kinds = {concept.id: concept.kind for concept in framework.concepts}
    assert set(kinds) == PITFALLS | SUCCESS_FACTORS

    def covered(items):
        return {concept for item in items for concept in item.covers}

    assert PITFALLS <= covered(framework.flags), PITFALLS - covered(framework.flags)
    assert SUCCESS_FACTORS <= covered(framework.questions)
    assert SUCCESS_FACTORS <= covered(framework.actions)


def test_every_entry_cites_and_covers(framework):
    for section, entry in entries(framework):
        assert entry["cites"], f"{section} {entry['id']} cites nothing"
        if section != "concepts":
            assert entry["covers"], f"{section} {entry['id']} covers nothing"
        for cite in entry["cites"]:
            assert cite["source"] in SOURCE_FILES


def test_flags_recommend_one_to_three_actions(framework):
    for flag in framework.flags:
        assert 1 <= len(flag.actions) <= 3
        for action_id in flag.actions:
            framework.action(action_id)


def test_bibliography_names_all_five_sources(framework):
    assert {source.file for source in framework.sources} == SOURCE_FILES
    for source in framework.sources:
        assert source.title and source.author and source.publisher
        assert source.year is not None or source.year_note, source.file


def witness(framework, condition, negate=False) -> dict:
    """Answers that make ``condition`` true (or false when ``negate``), built from its shape."""
    from readiness.framework.conditions import AllOf, AnyOf, NotCondition

    if isinstance(condition, NotCondition):
        return witness(framework, condition.item, not negate)
    if isinstance(condition, AllOf | AnyOf):
        conjunction = isinstance(condition, AllOf) != negate
        if not conjunction:
            return witness(framework, condition.items[0], negate)
        merged: dict = {}
        for item in condition.items:
            for key, value in witness(framework, item, negate).items():
                assert merged.setdefault(key, value) == value, f"conflict on {key}"
        return merged
    allowed = [v for v in framework.allowed_values(condition.question) if v != "dont_know"]
    operator, operand = condition.operator, condition.operand
    if operator == "at_most":
        choices = [v for v in allowed if (v <= operand) != negate]
    elif operator == "at_least":
        choices = [v for v in allowed if (v >= operand) != negate]
    else:
        choices = [v for v in allowed if (v in operand) != negate]
    assert choices, f"no answer to {condition.question} satisfies {condition}"
    return {condition.question: choices[0]}


def test_every_flag_can_fire_and_none_fire_on_best_answers(framework):
    from readiness.scoring.evaluation import evaluate, raised_flags

    best = {q.id: q.levels for q in framework.questions} | {"gate.direction-open": "open"}
    assert evaluate(framework, best).flags == ()
    for flag in framework.flags:
        answers = witness(framework, flag.when)
        assert flag in raised_flags(framework, answers), flag.id
    worst = {q.id: 1 for q in framework.questions} | {"gate.direction-open": "closed"}
    assert len(evaluate(framework, worst).flags) >= len(framework.flags) // 2


# -- against the seed texts -----------------------------------------------------------------

def seed_lines(seeds_dir, file) -> set[str]:
    return {line.strip() for line in (seeds_dir / file).read_text(encoding="utf-8").splitlines()}


def test_every_citation_resolves_in_the_seeds(framework, seeds_dir):
    """Each cited file exists and the cited heading stands as a line of it."""
    cache = {}
    checked = 0
    for section, entry in entries(framework):
        for cite in entry["cites"]:
            path = seeds_dir / cite["source"]
            assert path.is_file(), f"{section} {entry['id']}: no seed file {cite['source']}"
            lines = cache.setdefault(cite["source"], seed_lines(seeds_dir, cite["source"]))
            assert cite["section"] in lines, \
                f"{section} {entry['id']}: heading {cite['section']!r} not in {cite['source']}"
            checked += 1
    assert checked >= len(framework.questions) + len(framework.flags)
    for source in framework.sources:
        assert (seeds_dir / source.file).is_file()


def _sentences(text: str) -> set[str]:
    words = re.findall(r"\w+", text.lower())
    return {" ".join(words[i:i + 10]) for i in range(len(words) - 9)}


def test_content_is_in_its_own_words(framework, seeds_dir):
    """No run of ten words from a source appears in the framework's texts."""
    source_runs = set()
    for file in SOURCE_FILES:
        source_runs |= _sentences((seeds_dir / file).read_text(encoding="utf-8"))
    for path, text in texts(raw_data(framework)):
        for language in built_in():
            copied = _sentences(text[language]) & source_runs
            assert not copied, f"{path}.{language} copies the source: {sorted(copied)[0]!r}"


def test_docs_state_the_built_in_frameworks_counts(framework):
    """docs/framework.md quotes ``readiness validate``'s line for the built-in framework:
    its counts of dimensions, questions, gates, flags, actions and sources stay true."""
    doc = (ROOT / "docs" / "framework.md").read_text(encoding="utf-8")
    assert f"\nOK .../default.yaml: {framework.summary()}\n" in doc
