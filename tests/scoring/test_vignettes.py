"""Do planned projects get the flags and actions their descriptions lead one to expect?

Each vignette in ``sample_data/vignettes/`` is a short project of the workbook's own with the
answers its steering group would give, run through the real scoring. Every expectation is a
test of its own, and a failure names the vignette, the flag or action, and why it was
expected. Expectations under ``pending`` are what today's rules miss (issue 16): they run as
strict xfails, so the day a rule is fixed the test says to move them up.
"""

from __future__ import annotations

import pytest
import yaml

from readiness.errors import FrameworkError
from readiness.framework.model import default_framework
from readiness.scoring.evaluation import evaluate
from tests.scoring.vignettes import (
    EXPECTATIONS,
    VIGNETTES_DIR,
    load_vignette,
    load_vignettes,
    source_runs,
)

FRAMEWORK = default_framework()
VIGNETTES = {vignette.id: vignette for vignette in load_vignettes(FRAMEWORK)}
CASES = [pytest.param(vignette, expectation, id=str(expectation),
                      marks=[pytest.mark.xfail(strict=True, reason=expectation.why)]
                      if expectation.pending else [])
         for vignette in VIGNETTES.values() for expectation in vignette.expectations]


def _outcome(vignette):
    result = evaluate(FRAMEWORK, vignette.answers)
    return ({flag.id for flag in result.flags},
            {r.action.id: r for r in result.actions})


@pytest.mark.parametrize(("vignette", "expectation"), CASES)
def test_vignette(vignette, expectation):
    flags, actions = _outcome(vignette)
    item, kind = expectation.item, expectation.kind
    if kind == "must_fire":
        assert item in flags, (
            f"{vignette.id}: {item} should fire ({expectation.why}) but did not; "
            f"raised: {sorted(flags) or 'none'}")
    elif kind == "must_not_fire":
        assert item not in flags, (
            f"{vignette.id}: {item} should not fire ({expectation.why}) but did")
    elif kind == "must_suggest":
        assert item in actions, (
            f"{vignette.id}: {item} should be suggested ({expectation.why}) but was not; "
            f"suggested: {sorted(actions) or 'none'}")
    else:
        recommendation = actions.get(item)
        assert recommendation is None, (
            f"{vignette.id}: {item} should not be suggested ({expectation.why}) but was, "
            f"because of {', '.join(recommendation.questions + recommendation.flags)}")


def test_the_suite_is_varied_and_every_vignette_expects_something():
    assert 12 <= len(VIGNETTES) <= 24
    kinds = {e.kind for v in VIGNETTES.values() for e in v.expectations}
    assert kinds == set(EXPECTATIONS)
    for vignette in VIGNETTES.values():
        assert len(vignette.description.split()) <= 160, f"{vignette.id}: one paragraph"
    # One vignette that calls for nothing, and one full of "don't know".
    assert any(not _outcome(v)[0] and not _outcome(v)[1] for v in VIGNETTES.values())
    assert any(sum(a == "dont_know" for a in v.answers.values()) >= 5
               for v in VIGNETTES.values())


def test_every_flag_must_fire_in_one_vignette_and_must_not_in_another():
    """The suite pins each red flag down from both sides: a vignette the flag must fire on
    and one it must stay silent on (pending expectations do not count)."""
    held = {kind: {e.item for v in VIGNETTES.values() for e in v.expectations
                   if e.kind == kind and not e.pending}
            for kind in ("must_fire", "must_not_fire")}
    flags = {flag.id for flag in FRAMEWORK.flags}
    assert flags - held["must_fire"] == set(), "no vignette where these must fire"
    assert flags - held["must_not_fire"] == set(), "no vignette where these must not fire"


def test_vignettes_are_in_their_own_words(seeds_dir):
    """No run of ten words from a source appears in a vignette."""
    from tests.framework.test_default_framework import _sentences

    runs = source_runs(seeds_dir)
    for vignette in VIGNETTES.values():
        texts = [vignette.title, vignette.description, *(e.why for e in vignette.expectations)]
        for text in texts:
            copied = _sentences(text) & runs
            assert not copied, f"{vignette.id} copies a source: {sorted(copied)[0]!r}"


# -- a malformed vignette is named with its entry ---------------------------------------------

def _broken(tmp_path, change) -> str:
    data = yaml.safe_load((VIGNETTES_DIR / "school-plan-overlaps.yaml").read_text("utf-8"))
    change(data)
    path = tmp_path / f"{data.get('id', 'broken')}.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(FrameworkError) as caught:
        load_vignette(path, FRAMEWORK)
    assert caught.value.file == str(path)
    return str(caught.value)


def test_unknown_ids_and_answers_are_named_with_file_and_entry(tmp_path):
    def change(data):
        data["answers"]["purpose.no-such-question"] = 2
        data["answers"]["partnership.roles"] = 7
        data["answers"]["gate.direction-open"] = "ajar"
        data["must_fire"]["flag.nowhere"] = "made up"
        data["must_not_suggest"]["action.nowhere"] = "made up"
        data["must_suggest"]["flag.collaboration-friction"] = "a flag where an action belongs"
    message = _broken(tmp_path, change)
    path = tmp_path / "school-plan-overlaps.yaml"
    for line in (
        "answers.purpose.no-such-question: is not a gate or question of the framework",
        "answers.partnership.roles: 7 is not an answer to it (one of 1, 2, 3, 4, dont_know)",
        "answers.gate.direction-open: 'ajar' is not an answer to it",
        "must_fire.flag.nowhere: unknown flag 'flag.nowhere'",
        "must_not_suggest.action.nowhere: unknown action 'action.nowhere'",
        "must_suggest.flag.collaboration-friction: unknown action",
    ):
        assert f"{path}: {line}" in message, message


def test_contradictions_missing_reasons_and_stray_fields_are_named(tmp_path):
    def change(data):
        data["must_not_fire"]["flag.collaboration-friction"] = "both ways"
        data["must_suggest"]["action.map-overlaps"] = " "
        data["expected_bands"] = {"purpose": "strength"}
        data["pending"] = {"should_fire": {}}
    message = _broken(tmp_path, change)
    assert ("must_not_fire.flag.collaboration-friction: flag.collaboration-friction is also "
            "under must_fire") in message
    assert "must_suggest.action.map-overlaps: should say why it is expected" in message
    assert "expected_bands: is not a vignette field" in message
    assert "pending.should_fire: is not one of must_fire" in message


def test_the_id_is_the_file_name(tmp_path):
    path = tmp_path / "elsewhere.yaml"
    data = yaml.safe_load((VIGNETTES_DIR / "school-plan-overlaps.yaml").read_text("utf-8"))
    data["id"] = "renamed"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(FrameworkError, match="id: is 'renamed'; it should be the file's name"):
        load_vignette(path, FRAMEWORK)
