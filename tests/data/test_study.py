"""Does readiness.data load a study as the tidy frames issue 17 asks for, from the store
and from files, with the workbook's own scoring, pseudonymous respondents and no silent
mixing of frameworks?"""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pandas as pd
import pytest
import yaml

from readiness.data import ANSWER_COLUMNS, SCORE_COLUMNS, MixedFrameworks, load, load_split
from readiness.errors import AssessmentFileError, NotFoundError, ReadinessError
from readiness.exchange.assessment_file import write_export
from readiness.framework.model import load_framework
from readiness.scoring.answers import score_profile
from readiness.store import open_store
from readiness.store.repository import StoredAnswer
from readiness.store.sessions import (
    create_session,
    follow_member,
    join_session,
    next_round,
    session_export,
)
from tests.conftest import FIXTURES

ISSUE_COLUMNS = ["assessment_id", "respondent_id", "project", "area", "session", "round",
                 "role", "language", "framework_id", "framework_version", "question_id",
                 "dimension_id", "level", "effective_level", "dont_know", "answered_at"]
"""The columns issue 17.1 lists, in its order."""


def session_with_answers(framework, tmp_path, members, *, project="Norrby", store=None):
    """A store with one group session whose members gave ``members`` (answer dicts);
    returns the loaded Study."""
    own = store is None
    store = store or open_store(str(tmp_path / "study.sqlite3"))
    session, _key = create_session(store, framework, project=project, round_name="start")
    for answers in members:
        record = join_session(store, framework, session.join_code, role="staff")
        for question_id, value in answers.items():
            store.save_answer(framework, record.id, question_id, value)
    study = load(store, framework=framework)
    if own:
        store.close()
    return study


def forked(tmp_path, name, **changes):
    """The mini framework with ``changes`` applied to its data (e.g. a new version)."""
    data = yaml.safe_load((FIXTURES / "mini.yaml").read_text(encoding="utf-8"))
    for key, value in changes.items():
        if key == "version":
            data["framework"]["version"] = value
        elif key == "replaces":  # {new question id: [old ids]}
            for question in data["questions"]:
                if question["id"] in value:
                    question["replaces"] = value[question["id"]]
    path = tmp_path / f"{name}.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return load_framework(path)


def test_the_frames_have_the_issues_columns(mini, tmp_path):
    study = session_with_answers(mini, tmp_path, [{"alpha.one": 3}])
    assert list(study.answers.columns) == [*ISSUE_COLUMNS, "retired", "synthetic"]
    assert tuple(study.answers.columns) == ANSWER_COLUMNS
    assert list(study.scores.columns) == [*ISSUE_COLUMNS[:10], "dimension_id", "score", "band",
                                          "answered", "total", "provisional", "synthetic"]
    assert tuple(study.scores.columns) == SCORE_COLUMNS
    assert str(study.answers["level"].dtype) == str(study.answers["effective_level"].dtype) \
        == "Int16"
    assert str(study.answers["answered_at"].dt.tz) == "UTC"


def test_text_columns_are_categoricals_in_the_frameworks_order(mini, tmp_path):
    """Compact columns (docs/data.md): ids and texts are categoricals (codes, one string
    per distinct value), question and dimension ids in the framework's order; they still
    compare and print as text."""
    study = session_with_answers(mini, tmp_path, [{"beta.one": 2, "alpha.one": 3}])
    for frame in (study.answers, study.scores, study.gates):
        for column in ("assessment_id", "respondent_id", "project", "role", "language"):
            assert isinstance(frame[column].dtype, pd.CategoricalDtype), column
    answers = study.answers
    assert list(answers["question_id"].cat.categories) == [q.id for q in mini.questions]
    assert list(study.scores["dimension_id"].cat.categories) == [d.id for d in mini.dimensions]
    assert list(answers["question_id"]) == ["alpha.one", "beta.one"]  # the framework's order
    assert (answers["question_id"] == "beta.one").sum() == 1
    assert "alpha.one" in answers.to_string() and "Norrby" in study.scores.to_string()


def test_a_row_per_answer_with_its_context(mini, tmp_path):
    store = open_store(str(tmp_path / "s.sqlite3"))
    session, _key = create_session(store, mini, project="Norrby", area="North",
                                   language="sv", round_name="start")
    record = join_session(store, mini, session.join_code, role="resident")
    store.save_answer(mini, record.id, "alpha.one", 3)
    store.save_answer(mini, record.id, "beta.one", "dont_know")
    alone = store.create_assessment(mini, project="Norrby", role="manager")
    store.save_answer(mini, alone.id, "beta.two", 2)
    study = load(store, framework=mini)
    rows = study.answers.set_index(["assessment_id", "question_id"])
    member = rows.loc[(record.id, "alpha.one")]
    assert (member["project"], member["area"], member["session"], member["round"],
            member["role"], member["language"]) == ("Norrby", "North", session.join_code,
                                                     "start", "resident", "sv")
    assert (member["framework_id"], member["framework_version"]) == ("mini", mini.version)
    assert (member["dimension_id"], member["level"], member["dont_know"]) == ("alpha", 3, False)
    dont_know = rows.loc[(record.id, "beta.one")]
    assert pd.isna(dont_know["level"]) and dont_know["dont_know"]
    own = rows.loc[(alone.id, "beta.two")]
    assert pd.isna(own["session"]) and pd.isna(own["round"]) and own["role"] == "manager"
    assert len(study.answers) == 3  # one row per answer given
    store.close()


def test_effective_levels_and_scores_are_the_workbooks_scoring(mini, tmp_path):
    """A closed gate caps alpha's answers at level 2: the frame has both, and the scores
    are score_profile's (the issue's CSV gave raw levels: 33.3 recomputed against 16.7)."""
    answers = {"gate.open": "closed", "alpha.one": 4, "alpha.two": 1, "beta.one": 3}
    study = session_with_answers(mini, tmp_path, [answers])
    alpha = study.answers[study.answers["dimension_id"] == "alpha"].set_index("question_id")
    assert alpha.loc["alpha.one", "level"] == 4 and alpha.loc["alpha.one", "effective_level"] == 2
    assert alpha.loc["alpha.two", "effective_level"] == 1
    scores = study.scores.set_index("dimension_id")
    # Capped: (2 − 1)/3 · 100 = 33.3 and 0 → 16.7; raw levels would give (100 + 0)/2 = 50.
    assert scores.loc["alpha", "score"] == pytest.approx(50 / 3)
    for dimension in score_profile(mini, answers).dimensions:
        row = scores.loc[dimension.dimension_id]
        assert (row["band"], row["answered"], row["total"], row["provisional"]) == (
            dimension.band, dimension.answered, dimension.total, dimension.provisional)
    assert study.gates[["gate_id", "value"]].values.tolist() == [["gate.open", "closed"]]
    assert "gate.open" not in set(study.answers["question_id"])


def test_a_member_followed_across_rounds_keeps_one_respondent_id(mini, tmp_path):
    store = open_store(str(tmp_path / "s.sqlite3"))
    first, key = create_session(store, mini, project="Norrby", round_name="start")
    same_name = [join_session(store, mini, first.join_code, role="staff",
                              display_name="Anna") for _ in range(2)]
    second = next_round(store, mini, first.id, key, "end")
    again = join_session(store, mini, second.join_code, role="staff", display_name="Other")
    assert follow_member(store, again.id, [same_name[0].id])
    for record in (*same_name, again):
        store.save_answer(mini, record.id, "alpha.one", 2)
    study = load(store, framework=mini)
    ids = study.answers.set_index("assessment_id")["respondent_id"]
    assert ids[same_name[0].id] == ids[again.id]  # the same person in both rounds
    assert ids[same_name[0].id] != ids[same_name[1].id]  # the same name is not the same id
    assert all(name not in " ".join(ids) for name in ("Anna", "Other"))
    assert all(record.id not in " ".join(ids) for record in same_name)  # a pseudonym
    # Filters: one round by its code as typed, one project.
    code = second.display_code.lower()
    assert set(load(store, session=code, framework=mini).answers["round"]) == {"end"}
    assert len(load(store, project="Norrby", framework=mini).scores) == 3 * 2
    store.close()


def test_unknown_filters_say_what_there_is(mini, tmp_path):
    store = open_store(str(tmp_path / "s.sqlite3"))
    store.create_assessment(mini, project="Norrby")
    with pytest.raises(NotFoundError, match="no assessments of the project 'Söder'.*'Norrby'"):
        load(store, project="Söder", framework=mini)
    with pytest.raises(NotFoundError, match="no session with the code 'ABCD-EFGH'"):
        load(store, session="ABCD-EFGH", framework=mini)
    store.close()


def test_answers_to_replaced_questions_are_kept_and_not_scored(tmp_path):
    """alpha.one replaced an earlier alpha.zero: the stored answer to alpha.zero stays in
    the frame, marked retired, without a dimension or an effective level, and the score
    is the current questions' alone."""
    framework = forked(tmp_path, "replaced", replaces={"alpha.one": ["alpha.zero"]})
    store = open_store(str(tmp_path / "s.sqlite3"))
    record = store.create_assessment(framework, project="Norrby")
    moment = datetime(2025, 3, 1, tzinfo=UTC)
    store.put_record(record, {"alpha.zero": StoredAnswer(1, moment),
                              "alpha.one": StoredAnswer(4, moment)}, {}, replace=True)
    study = load(store, framework=framework)
    rows = study.answers.set_index("question_id")
    assert rows.loc["alpha.zero", "retired"] and not rows.loc["alpha.one", "retired"]
    assert rows.loc["alpha.zero", "level"] == 1
    assert pd.isna(rows.loc["alpha.zero", "effective_level"])
    assert pd.isna(rows.loc["alpha.zero", "dimension_id"])
    alpha = study.scores.set_index("dimension_id").loc["alpha"]
    assert (alpha["score"], alpha["answered"]) == (100.0, 1)
    assert study.codebook().set_index("question_id").loc["alpha.one", "replaces"].iloc[0] \
        == "alpha.zero"
    store.close()


def test_frameworks_are_never_mixed(mini, tmp_path, framework):
    store = open_store(str(tmp_path / "s.sqlite3"))
    store.create_assessment(mini, project="Mini project")
    store.create_assessment(framework, project="Default project")
    with pytest.raises(MixedFrameworks, match=r"more than one framework .*mini 1\.x: 1 "
                                              r"assessments.*load_split"):
        load(store, framework=mini)
    assert len(load(store, project="Mini project", framework=mini).scores) \
        == len(mini.dimensions)
    with pytest.raises(MixedFrameworks, match="not from the framework given"):
        load(store, project="Default project", framework=mini)
    studies = load_split(store, frameworks=[mini, framework])
    assert sorted(studies) == sorted(["mini 1.x", f"{framework.id} "
                                      f"{framework.version.split('.')[0]}.x"])
    assert set(studies["mini 1.x"].scores["project"]) == {"Mini project"}
    # A new major version of the same framework is another framework, too.
    second = forked(tmp_path, "mini2", version="2.0.0")
    store.create_assessment(second, project="Mini project")
    with pytest.raises(MixedFrameworks, match=r"mini 1\.x: 1 .*mini 2\.x: 1"):
        load(store, project="Mini project", framework=mini)
    with pytest.raises(MixedFrameworks, match=r"mini 2\.x"):
        load_split(store, project="Mini project", frameworks=[mini])
    store.close()


def test_training_cases_are_left_out_and_said_so(mini, tmp_path):
    store = open_store(str(tmp_path / "s.sqlite3"))
    real = store.create_assessment(mini, project="Norrby")
    exercise = store.create_assessment(mini, project="Norrby")
    store.link_case(exercise.id, "some-case")
    study = load(store, framework=mini)
    assert set(study.scores["assessment_id"]) == {real.id}
    assert study.left_out == ("1 assessments answered on training cases (not a project's "
                              "data)",)
    store.close()


def test_files_load_like_the_store(mini, tmp_path):
    """Exported assessment files give the same rows as the store they came from (files
    know no session); a folder, a list of files, or the store's path all load."""
    path = tmp_path / "s.sqlite3"
    store = open_store(str(path))
    records = [store.create_assessment(mini, project=p, role="staff") for p in ("A", "B")]
    for value, record in enumerate(records, start=2):
        store.save_answer(mini, record.id, "alpha.one", value)
        store.save_answer(mini, record.id, "gate.open", "open")
    folder = tmp_path / "files"
    folder.mkdir()
    files = [write_export(store, r.id, folder / f"{r.id}.json") for r in records]
    from_store = load(store, framework=mini)
    store.close()
    for source in (folder, files, str(path), path):
        study = load(source, framework=mini)
        pd.testing.assert_frame_equal(study.answers, from_store.answers)
        pd.testing.assert_frame_equal(study.scores, from_store.scores)
        pd.testing.assert_frame_equal(study.gates, from_store.gates)
    assert set(load(folder, project="B", framework=mini).answers["project"]) == {"B"}
    (folder / "copy.json").write_bytes(files[0].read_bytes())
    with pytest.raises(ReadinessError, match="is also in"):
        load(folder, framework=mini)


def test_bad_sources_get_one_clear_message(mini, tmp_path, store):
    missing = tmp_path / "nowhere.sqlite3"
    with pytest.raises(NotFoundError, match="no such file"):
        load(missing, framework=mini)
    assert not missing.exists()  # no empty store made on the way
    session, key = create_session(store, mini, project="Norrby")
    download = tmp_path / "session.json"
    download.write_text(json.dumps(session_export(store, mini, session.id, key)))
    with pytest.raises(ReadinessError, match="group session's download"):
        load(download, framework=mini)
    broken = tmp_path / "broken.json"
    broken.write_text('{"format": "readiness-assessment"')
    with pytest.raises(AssessmentFileError, match="not valid JSON"):
        load(broken, framework=mini)
    with pytest.raises(ReadinessError, match="carry no session"):
        load([broken], session="ABCDEFGH", framework=mini)
