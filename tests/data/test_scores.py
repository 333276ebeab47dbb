"""Does the vectorised scorer give exactly the workbook's own scores (score_profile),
gate caps, don't-knows, provisional dimensions and bands included?"""

from __future__ import annotations

import math

from readiness.data import load
from readiness.data.scores import scores_frame
from readiness.data.synthetic import synthetic_records
from readiness.framework.model import default_framework
from readiness.scoring.answers import score_profile
from readiness.store import open_store


def test_the_vectorised_scores_are_score_profiles_to_the_last_bit(tmp_path):
    framework = default_framework()
    store = open_store(str(tmp_path / "s.sqlite3"))
    written = {}
    for record, answers in synthetic_records(300, framework, projects=7, seed=11):
        store.put_record(record, answers, {})
        written[record.id] = {qid: a.value for qid, a in answers.items()}
    study = load(store)
    frame = scores_frame(study.answers, framework, gates=study.gates)
    assert len(frame) == 300 * len(framework.dimensions)
    capped = provisional = 0
    for row in frame.itertuples():
        expected = score_profile(framework, written[row.assessment_id])[row.dimension_id]
        if expected.score is None:
            assert math.isnan(row.score) and row.band is None
        else:
            assert row.score == expected.score  # exactly, not approximately
            assert row.band == expected.band
        assert (row.answered, row.total, row.provisional) == \
            (expected.answered, expected.total, expected.provisional)
        capped += bool(expected.capped)
        provisional += expected.provisional
    assert capped and provisional  # the sample holds gate caps and provisional dimensions
    # load's own scores are these too.
    assert (study.scores["score"].fillna(-1) == frame["score"].fillna(-1)).all()
    store.close()


def test_without_gates_no_cap_is_applied_and_unknown_questions_are_left_out(mini):
    import pandas as pd

    answers = pd.DataFrame({"assessment_id": ["a", "a", "a", "b"],
                            "question_id": [q.id for q in mini.questions[:2]] + ["gone", "x"],
                            "level": [1, None, 3, 2]})
    frame = scores_frame(answers, mini)
    first = frame[(frame["assessment_id"] == "a")]
    dimension = mini.questions[0].dimension
    assert first.set_index("dimension_id").loc[dimension, "answered"] == 1
    assert frame[frame["assessment_id"] == "b"]["answered"].sum() == 0


def test_rows_in_any_order_or_a_sample_of_them_score_the_same(tmp_path):
    """The scorer guesses a row's question from its place in its assessment and checks
    every guess: shuffled rows, a sample of them and copied id strings give the same
    scores as the frame in the order load gives it."""
    import pandas as pd

    framework = default_framework()
    store = open_store(str(tmp_path / "s.sqlite3"))
    for record, answers in synthetic_records(60, framework, projects=3, seed=5):
        store.put_record(record, answers, {})
    study = load(store)
    store.close()

    def scored(answers):
        frame = scores_frame(answers, framework, gates=study.gates)
        return frame.sort_values(["assessment_id", "dimension_id"]).reset_index(drop=True)

    expected = scored(study.answers)
    shuffled = study.answers.sample(frac=1, random_state=3).reset_index(drop=True)
    shuffled["question_id"] = [str(q)[:] + "" for q in shuffled["question_id"]]
    pd.testing.assert_frame_equal(scored(shuffled), expected, check_exact=True)
    # A sample: every remaining answer still counts where it belongs.
    sample = study.answers.sample(frac=0.3, random_state=4)
    by_hand = scored(sample)
    for row in by_hand.itertuples():
        given = sample[sample["assessment_id"] == row.assessment_id]
        values = {q: (v if not pd.isna(v) else "dont_know")
                  for q, v in zip(given["question_id"], given["level"], strict=True)}
        assert row.answered == score_profile(framework, {
            q: v for q, v in values.items() if v != "dont_know"})[row.dimension_id].answered
