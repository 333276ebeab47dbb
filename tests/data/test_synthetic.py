"""Is the synthetic study realistic enough to analyse (projects, roles, rounds, followed
members, correlated questions, a role effect, don't-knows), written through the store's
own API, marked on every row, and never mixed with real data unasked?"""

from __future__ import annotations

import numpy as np
import pytest

from readiness.data import MixedSynthetic, load
from readiness.data.agreement import reliability
from readiness.data.synthetic import SYNTHETIC_PREFIX, generate
from readiness.store import open_store


@pytest.fixture(scope="module")
def synthetic_store(tmp_path_factory):
    store = open_store(str(tmp_path_factory.mktemp("synthetic") / "study.sqlite3"))
    written = generate(store, projects=4, seed=3)
    yield store, written
    store.close()


def test_a_study_of_projects_roles_and_rounds_with_followed_members(synthetic_store):
    store, written = synthetic_store
    study = load(store)
    answers = study.answers
    assert answers["project"].nunique() == 4 and len(written.projects) == 4
    assert answers["project"].str.startswith(SYNTHETIC_PREFIX).all()
    assert set(answers["round"]) == {"baseline", "follow-up"}
    assert answers["role"].nunique() >= 4
    assert 0.03 < answers["dont_know"].mean() < 0.15
    assert len(study.gates) == written.assessments
    # Members followed across rounds keep their respondent_id: pairs exist.
    rounds = answers.groupby("respondent_id")["round"].nunique()
    assert (rounds == 2).sum() == written.followed > 0
    for frame in (study.answers, study.scores, study.gates):
        assert frame["synthetic"].all()


def test_same_seed_same_answers(tmp_path):
    levels = []
    for name in ("a", "b"):
        store = open_store(str(tmp_path / f"{name}.sqlite3"))
        generate(store, projects=2, seed=5)
        answers = load(store).answers
        levels.append(answers[["project", "round", "role", "question_id", "level"]]
                      .astype(str).values.tolist())
        store.close()
    assert levels[0] == levels[1]


def test_questions_of_a_dimension_hang_together_and_residents_see_less_participation(
        synthetic_store):
    store, _written = synthetic_store
    study = load(store)
    alphas = reliability(study)
    assert np.nanmedian(alphas["alpha"]) > 0.6, alphas
    scores = study.scores[study.scores["dimension_id"] == "participation"]
    by_role = scores.groupby("role")["score"].mean()
    assert by_role["resident"] < by_role["staff"] - 5, by_role
    later = study.scores.groupby("round")["score"].mean()
    assert later["follow-up"] > later["baseline"], later


def test_synthetic_and_real_data_are_never_mixed_unasked(tmp_path):
    store = open_store(str(tmp_path / "mixed.sqlite3"))
    written = generate(store, projects=1, members=(3, 3), seed=1)
    framework = load(store).framework
    real = store.create_assessment(framework, project="Norrby", role="staff")
    store.save_answer(framework, real.id, framework.questions[0].id, 2)
    with pytest.raises(MixedSynthetic, match=r"synthetic assessments .* beside 1 real"):
        load(store)
    assert set(load(store, synthetic=False).answers["assessment_id"]) == {real.id}
    assert load(store, synthetic=True).answers["synthetic"].all()
    both = load(store, mix_synthetic=True)
    assert both.scores["assessment_id"].nunique() == written.assessments + 1
    assert both.scores.groupby("synthetic")["assessment_id"].nunique()[False] == 1
    store.close()


def test_store_records_writes_every_made_up_assessment_in_batches(tmp_path):
    """store_records (the benchmark's writer) stores what synthetic_records makes, batch
    after batch, and load reads every answer of it back."""
    from readiness.data.synthetic import store_records, synthetic_records

    store = open_store(str(tmp_path / "s.sqlite3"))
    assert store_records(store, 23, projects=3, seed=2, batch=5) == 23
    made = {record.id: answers for record, answers in synthetic_records(23, projects=3, seed=2)}
    study = load(store)
    store.close()
    assert study.scores["assessment_id"].nunique() == 23
    given = len(study.answers) + len(study.gates)
    assert given == sum(len(answers) for answers in made.values())
