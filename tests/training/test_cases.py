"""The case library: each documented case's reference assessment shows, through the real
scoring, the pattern its source documents. A framework change that breaks the evidence
fails here."""

from __future__ import annotations

import pytest

from readiness.errors import FrameworkError
from readiness.framework.conditions import DONT_KNOW
from readiness.scoring.evaluation import evaluate
from readiness.training.cases import CASES_DIR, load_case, load_cases

CASE_IDS = ["askimsviken", "innovationslabb", "hotspot", "job-counselling", "somali-women-1",
            "somali-women-2"]
RESIDENT_ROLE_FLAGS = {"flag.residents-as-co-implementors", "flag.direction-closed",
                       "flag.no-collective-voice", "flag.deficit-view",
                       "flag.no-shared-interest"}


@pytest.fixture(scope="module")
def cases(framework_module):
    return {case.id: case for case in load_cases(framework_module)}


@pytest.fixture(scope="module")
def framework_module():
    from readiness.framework.model import default_framework

    return default_framework()


def result(framework, case):
    evaluation = evaluate(framework, case.answers)
    flags = {flag.id for flag in evaluation.flags}
    bands = {d.dimension_id: d.band for d in evaluation.profile.dimensions}
    scores = {d.dimension_id: d.score for d in evaluation.profile.dimensions}
    return flags, bands, scores


def test_the_library_has_the_six_documented_cases(cases):
    assert sorted(cases) == sorted(CASE_IDS)


def test_askimsviken(cases, framework_module):
    flags, bands, _ = result(framework_module, cases["askimsviken"])
    # flag.learning-assumed is not among them: 000 says participants could not name what
    # they learnt of such projects in general, and not whether Askimsviken planned reflection.
    assert {"flag.overambitious-goals", "flag.best-practice-aim", "flag.no-shared-problem",
            "flag.measurable-drift", "flag.collaboration-friction"} <= flags
    assert cases["askimsviken"].answers["learning.reflection-occasions"] == DONT_KNOW
    assert bands["purpose"] == "concern" and bands["learning"] == "concern"


def test_innovationslabb(cases, framework_module):
    framework = framework_module
    case = cases["innovationslabb"]
    flags, _, _ = result(framework, case)
    strengths = {"success.build-on-existing", "success.residents-drive",
                 "success.local-process-leader", "success.meeting-place",
                 "success.partnership-agreement", "success.long-term"}
    for concept in strengths:
        levels = [case.answers[q.id] for q in framework.questions if concept in q.covers
                  if case.answers[q.id] != DONT_KNOW]
        assert levels and all(isinstance(v, int) and v >= 3 for v in levels), concept
        if concept != "success.partnership-agreement":
            assert max(levels) == 4, concept
    # 003 gives a shared target picture, measurable goals and the housing company's active
    # role as advice ("det är viktigt att", "har möjlighet"), not as what the labs had.
    for question in ("partnership.agreement", "outcomes.measurable-goals",
                     "resources.housing-company"):
        assert case.answers[question] == DONT_KNOW, question
    assert not flags & RESIDENT_ROLE_FLAGS, flags & RESIDENT_ROLE_FLAGS


def test_hotspot(cases, framework_module):
    case = cases["hotspot"]
    flags, bands, _ = result(framework_module, case)
    assert bands["participation"] == "concern" and bands["anchoring"] == "concern"
    # 002: the units' work was hard to root in a shared practice (dialogue and knowledge
    # sharing among leaders); their agreement, roles, funding and staff are never described.
    assert case.answers["partnership.action-not-talk"] == 2
    for question in ("partnership.agreement", "partnership.roles", "resources.process-leader",
                     "resources.funding-or-mandate", "resources.staff-room"):
        assert case.answers[question] == DONT_KNOW, question
    assert not any("score high" in step.step["en"] for step in case.plan)  # they do not
    assert "flag.closed-partnership" in flags


def test_job_counselling(cases, framework_module):
    case = cases["job-counselling"]
    flags, bands, _ = result(framework_module, case)
    # 002: each resident set the agenda of their own counselling, voluntarily and on equal
    # terms, but only one to one: strong at the citizen level, not organised collectively.
    answers = case.answers
    assert answers["participation.day-to-day"] == answers["participation.equal-terms"] == 4
    assert case.answers["participation.organised"] == 1
    assert bands["participation"] == "discuss"
    assert "flag.no-collective-voice" in flags
    assert bands["learning"] == "concern" and bands["partnership"] == "concern"
    assert case.answers["learning.organisational"] == 1
    # 002: lessons stayed in the one-to-one relation, cooperation with the job centre was
    # referrals, and the work never reached the organisation or its leaders (issue 16 B).
    assert {"flag.individual-level-only", "flag.information-exchange-only",
            "flag.leaders-outside"} <= flags


def test_somali_women_first_attempt(cases, framework_module):
    flags, bands, _ = result(framework_module, cases["somali-women-1"])
    assert {"flag.residents-as-co-implementors", "flag.no-shared-interest",
            "flag.deficit-view"} <= flags
    assert bands["participation"] == "concern"


def test_somali_women_second_attempt_is_clearly_better(cases, framework_module):
    first, second = cases["somali-women-1"], cases["somali-women-2"]
    flags_1, _, scores_1 = result(framework_module, first)
    flags_2, _, scores_2 = result(framework_module, second)
    assert scores_2["participation"] >= scores_1["participation"] + 40
    for question in ("participation.entry-stage", "participation.organised",
                     "participation.whats-in-it"):  # early, collective, calculated trust
        assert second.answers[question] > first.answers[question], question
    gone = {"flag.residents-as-co-implementors", "flag.no-shared-interest",
            "flag.deficit-view", "flag.no-collective-voice"}
    assert not flags_2 & gone, flags_2 & gone


def test_every_reference_answer_cites_a_section_of_its_source(cases, seeds_dir):
    for case in cases.values():
        for item_id, answer in case.reference.items():
            for cite in answer.cites:
                lines = (seeds_dir / cite.source).read_text(encoding="utf-8").splitlines()
                assert cite.section in [line.strip() for line in lines], (
                    case.id, item_id, cite.section)
        for cite in case.what_happened_cites:
            lines = (seeds_dir / cite.source).read_text(encoding="utf-8").splitlines()
            assert cite.section in [line.strip() for line in lines], (case.id, cite.section)


def test_a_malformed_case_is_named_with_its_entry(tmp_path, framework_module):
    text = (CASES_DIR / "askimsviken.yaml").read_text(encoding="utf-8")
    broken = tmp_path / "broken.yaml"
    broken.write_text(text.replace("purpose.task-clarity:", "purpose.no-such-question:", 1),
                      encoding="utf-8")
    with pytest.raises(FrameworkError) as error:
        load_case(broken, framework_module)
    message = str(error.value)
    assert "broken.yaml: reference.purpose.no-such-question: is not a gate or question" in message
    assert "reference.purpose.task-clarity: is missing" in message


def test_cases_are_in_their_own_words(cases, seeds_dir):
    """No run of ten words from a source appears in a case's texts or notes."""
    from tests.framework.test_default_framework import SOURCE_FILES, _sentences

    source_runs = set()
    for file in SOURCE_FILES:
        source_runs |= _sentences((seeds_dir / file).read_text(encoding="utf-8"))
    for case in cases.values():
        texts = [case.title, case.setting, case.description, case.what_happened, case.goal,
                 *(step.step for step in case.plan), *case.questions]
        for text in texts:
            for language, value in text.items():
                copied = _sentences(value) & source_runs
                assert not copied, f"{case.id} ({language}) copies: {sorted(copied)[0]!r}"
        for item_id, answer in case.reference.items():
            copied = _sentences(answer.note) & source_runs
            assert not copied, f"{case.id} {item_id} note copies: {sorted(copied)[0]!r}"


def test_every_reference_level_rests_on_a_section_that_exists(cases, seeds_dir):
    """An answer with a level (not "don't know") cites at least one section, and every
    section it cites is a heading of its source, as the text has it."""
    for case in cases.values():
        for item_id, answer in case.reference.items():
            if answer.value == DONT_KNOW:
                continue
            assert answer.cites, (case.id, item_id)
            for cite in answer.cites:
                lines = (seeds_dir / cite.source).read_text(encoding="utf-8").splitlines()
                assert cite.section in {line.strip() for line in lines}, (case.id, item_id)


# The teasers of other authors' posts printed after the researcher's blog post in 001.
TEASERS_001 = {"Tack till alla vardagshjältar för allt ni lärt mig": "Lena Liljendahl",
               "Många små steg ger stor nytta tillsammans": "Anna Kanervo",
               "Fler kan göra mer!": "Tomas Lindquist",
               "Alla har den kompetens som behövs för sin försörjning": "Natalia Bonilla"}


def test_a_teaser_at_the_end_of_001_is_never_presented_as_the_researchers_text(cases):
    for case in cases.values():
        for item_id, answer in case.reference.items():
            for cite in answer.cites:
                author = TEASERS_001.get(cite.section)
                if cite.source.startswith("001_") and author:
                    assert author in answer.note, (case.id, item_id)
                    assert "not the researcher's" in answer.note, (case.id, item_id)


def test_the_labs_figures_are_called_small_and_self_reported(cases):
    """9 of 10, 15 of 22, +80 %: figures the labs gave a trade-press article."""
    said = cases["innovationslabb"].what_happened
    assert "trade-press" in said["en"] and "reported themselves" in said["en"]
    assert "fackpressen" in said["sv"] and "själva har redovisat" in said["sv"]
    assert "fagpressen" in said["da"] and "selv har opgivet" in said["da"]
    for language, small in {"en": "small groups", "sv": "små grupper",
                            "da": "små grupper"}.items():
        assert small in said[language], language


def test_no_case_plan_carries_the_sources_general_findings_or_advice(cases):
    """The descriptions say what the project planned, not what 000 says such projects
    often do, nor 004's advice to talk early about the problem."""
    assert "door wide open" not in cases["askimsviken"].description["en"]
    assert "learn from one another" not in cases["askimsviken"].description["en"]
    assert "first work out" not in cases["somali-women-2"].description["en"]
