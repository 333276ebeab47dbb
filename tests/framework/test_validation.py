"""Does a malformed framework file get an error naming the file, the entry and the problem?"""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml

from readiness.cli import main
from readiness.errors import FrameworkError
from readiness.framework.model import load_framework
from tests.conftest import FIXTURES

MINI = FIXTURES / "mini.yaml"


@pytest.fixture
def mini_data():
    return yaml.safe_load(MINI.read_text(encoding="utf-8"))


def write(tmp_path, data, name="broken.yaml") -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def problems_of(tmp_path, data) -> list[tuple[str, str]]:
    path = write(tmp_path, data)
    with pytest.raises(FrameworkError) as caught:
        load_framework(path)
    assert caught.value.file == str(path)
    assert str(path) in str(caught.value)
    return caught.value.problems


def mutate(data, change):
    data = copy.deepcopy(data)
    change(data)
    return data


CASES = {
    "missing translation": (
        lambda d: d["questions"][3]["options"][2]["label"].pop("da"),
        "questions[3].options[2].label.da", "is missing"),
    "empty translation": (
        lambda d: d["flags"][1]["title"].update(sv="   "),
        "flags[1].title.sv", "is empty"),
    "unknown field": (
        lambda d: d["dimensions"][0].update(colour="red"),
        "dimensions[0]", "unknown field"),
    "wrong type": (
        lambda d: d["scoring"].update(min_answered_share="half"),
        "scoring.min_answered_share", "should be of type"),
    "unknown dimension": (
        lambda d: d["questions"][5].update(dimension="gamma"),
        "questions[5].dimension", "unknown dimension 'gamma'"),
    "unknown action": (
        lambda d: d["flags"][0].update(actions=["action.nowhere"]),
        "flags[0].actions[0]", "unknown action 'action.nowhere'"),
    "too many actions": (
        lambda d: d["flags"][0].update(actions=["action.narrow", "action.beta", "action.x",
                                                "action.y"]),
        "flags[0].actions", "is too long"),
    "condition on unknown question": (
        lambda d: d["flags"][0]["when"]["all"][1]["any"][0].update(question="beta.nine"),
        "flags[0].when.all[1].any[0].question", "unknown question 'beta.nine'"),
    "level out of range": (
        lambda d: d["flags"][0]["when"]["all"][0].update(at_most=7),
        "flags[0].when.all[0].at_most", "levels 1 to 4"),
    "bad condition shape": (
        lambda d: d["flags"][2].update(when={"question": "beta.one", "equals": 2}),
        "flags[2].when", "not a valid condition"),
    "code in a condition": (
        lambda d: d["flags"][2].update(when="__import__('os').system('true')"),
        "flags[2].when", ""),
    "gate value not an option": (
        lambda d: d["flags"][1]["when"].update(**{"is": ["ajar"]}),
        "flags[1].when.is[0]", "'ajar' is not an answer to gate.open"),
    "levels out of order": (
        lambda d: d["questions"][0]["options"][1].update(level=3),
        "questions[0].options[1].level", "levels count 1, 2, 3"),
    "duplicate id": (
        lambda d: d["questions"][1].update(id="alpha.one"),
        "questions[1].id", "used more than once"),
    "uncited source": (
        lambda d: d["actions"][0]["cites"][0].update(source="999_missing.txt"),
        "actions[0].cites[0].source", "not listed under sources"),
    "unknown concept": (
        lambda d: d["questions"][0]["covers"].append("success.unknown"),
        "questions[0].covers[1]", "unknown concept"),
    "pitfall without flag": (
        lambda d: [f.update(covers=["success.clear"]) for f in d["flags"]],
        "concepts[0]", "covered by no red flag"),
    "success without action": (
        lambda d: [a.update(covers=["pitfall.too-big"]) for a in d["actions"]],
        "concepts[1]", "covered by no action"),
    "dimension without a conditional action": (
        lambda d: d["actions"][1].pop("when"),
        "dimensions[1]", "dimension 'beta' has no action with a when-condition"),
    "bands not falling": (
        lambda d: d["scoring"]["bands"][1].update(min_score=90),
        "scoring.bands", "fall strictly"),
}


@pytest.mark.parametrize("case", CASES)
def test_located_errors(tmp_path, mini_data, case):
    change, where, what = CASES[case]
    problems = problems_of(tmp_path, mutate(mini_data, change))
    assert any(path == where and what in message for path, message in problems), problems


def test_all_problems_are_listed_at_once(tmp_path, mini_data):
    def two_problems(d):
        d["questions"][0]["text"].pop("sv")
        d["actions"][1]["text"]["en"] = ""
    paths = {path for path, _ in problems_of(tmp_path, mutate(mini_data, two_problems))}
    assert {"questions[0].text.sv", "actions[1].text.en"} <= paths


def test_wrong_schema_version(tmp_path, mini_data):
    problems = problems_of(tmp_path, {**mini_data, "schema_version": 2})
    assert problems == [("schema_version", "is 2; this workbook reads schema_version 1")]


def test_yaml_syntax_error_names_the_line(tmp_path):
    path = tmp_path / "syntax.yaml"
    path.write_text("schema_version: 1\nframework: {id: x\n", encoding="utf-8")
    with pytest.raises(FrameworkError, match=r"syntax.yaml: .*not valid YAML at line 3"):
        load_framework(path)


def test_yaml_tags_cannot_build_objects(tmp_path):
    path = tmp_path / "hostile.yaml"
    path.write_text("!!python/object/apply:os.system ['echo pwned']\n", encoding="utf-8")
    with pytest.raises(FrameworkError, match="not valid YAML"):
        load_framework(path)


def test_not_a_mapping_and_missing_file(tmp_path):
    path = tmp_path / "list.yaml"
    path.write_text("- 1\n- 2\n", encoding="utf-8")
    with pytest.raises(FrameworkError, match="should be a mapping"):
        load_framework(path)
    with pytest.raises(FrameworkError, match="no such file"):
        load_framework(tmp_path / "absent.yaml")


def test_cli_validate_exits_non_zero_with_the_located_error(tmp_path, mini_data, capsys):
    path = write(tmp_path, mutate(mini_data, CASES["missing translation"][0]))
    assert main(["validate", str(path)]) == 1
    err = capsys.readouterr().err
    assert f"{path}: questions[3].options[2].label.da: is missing" in err


def test_cli_validate_ok_prints_one_summary_line(capsys):
    assert main(["validate", str(MINI)]) == 0
    out = capsys.readouterr().out.strip().splitlines()
    assert out == [f"OK {MINI}: mini 1.0.0: 2 dimensions, 6 questions, 1 gate questions, "
                   "3 red flags, 2 actions, 1 sources"]
