"""Are the agreement statistics right? Each is checked against a small table worked out by
hand in the comments (docs/scoring.md, "Agreement and consistency", gives the formulas)."""

from __future__ import annotations

import math

import pytest

from readiness.data.agreement import (
    cronbach_alpha,
    dimension_agreement,
    icc1,
    icc1_by_dimension,
    null_variance,
    percent_agreement,
    question_agreement,
    reliability,
    rwg,
    rwg_j,
)
from readiness.scoring.aggregate import CONSENSUS_IQR, levels_disagree, spread

# -- r_wg (James, Demaree & Wolf 1984) ------------------------------------------------------


def test_the_null_variance_is_that_of_evenly_spread_answers():
    # (A² − 1) / 12: 4 levels → 15/12 = 1.25; 3 levels → 8/12; 5 levels → 24/12 = 2.
    assert null_variance(4) == 1.25
    assert null_variance(3) == pytest.approx(2 / 3)
    assert null_variance(5) == 2


def test_rwg_of_one_question():
    # Levels 2, 3, 3, 4 on a 4-level question: mean 3, squared deviations 1+0+0+1 = 2,
    # s² = 2/3; r_wg = 1 − (2/3) / 1.25 = 1 − 8/15 = 7/15 ≈ 0.467.
    assert rwg([2, 3, 3, 4], 4) == pytest.approx(7 / 15)


def test_rwg_edge_cases():
    assert rwg([3, 3, 3], 4) == 1.0  # zero variance: full agreement
    # docs/scoring.md's small group: 2, 3, 3: mean 8/3, squared deviations 4/9 + 1/9 + 1/9
    # = 2/3, s² = 1/3; r_wg = 1 − (1/3)/1.25 = 11/15 ≈ .73.
    assert rwg([2, 3, 3], 4) == pytest.approx(11 / 15)
    assert math.isnan(rwg([3], 4))  # one respondent: no variance to speak of
    assert math.isnan(rwg([], 4))
    # 1, 4, 1, 4: mean 2.5, squared deviations 4 × 2.25 = 9, s² = 3 > 1.25: r_wg would be
    # 1 − 3/1.25 = −1.4, more disagreement than random answers: reported as 0.
    assert rwg([1, 4, 1, 4], 4) == 0.0
    # Don't-knows (and empty answers) are left out: the same as 2, 3, 3, 4.
    assert rwg([2, "dont_know", 3, None, 3, 4, math.nan], 4) == pytest.approx(7 / 15)


def test_rwg_j_over_a_dimensions_questions():
    # Two 4-level questions: s² = 2/3 (2, 3, 3, 4) and 0 (3, 3, 3, 3): mean s² = 1/3,
    # r = (1/3) / 1.25 = 4/15. r_wg(J) = 2(1 − 4/15) / (2(1 − 4/15) + 4/15)
    # = (22/15) / (26/15) = 11/13 ≈ 0.846.
    assert rwg_j([[2, 3, 3, 4], [3, 3, 3, 3]], [4, 4]) == pytest.approx(11 / 13)
    # Questions with different numbers of levels: each variance against its own null.
    # 1, 2, 3 on a 3-level question: s² = 1, σ² = 2/3, ratio 1.5; 3, 3, 3: ratio 0;
    # r = 0.75: r_wg(J) = 2(0.25) / (2(0.25) + 0.75) = 0.5 / 1.25 = 0.4.
    assert rwg_j([[1, 2, 3], [3, 3, 3]], [3, 4]) == pytest.approx(0.4)


def test_rwg_j_edge_cases():
    # A question with fewer than two levels given drops out (J counts the others):
    # left with 2, 3, 3, 4 alone: J = 1, r = 8/15: (7/15) / (7/15 + 8/15) = 7/15.
    assert rwg_j([[2, 3, 3, 4], [4, "dont_know"]], [4, 4]) == pytest.approx(7 / 15)
    assert math.isnan(rwg_j([[4], []], [4, 4]))  # one respondent
    assert rwg_j([[1, 4, 1, 4], [1, 4, 1, 4]], [4, 4]) == 0.0  # r = 2.4 > 1


# -- percentage agreement -------------------------------------------------------------------


def test_percent_agreement():
    # 2, 3, 3, 4: two of four on level 3 → 0.5; on two adjacent levels (2–3 or 3–4): 3/4.
    assert percent_agreement([2, 3, 3, 4]) == 0.5
    assert percent_agreement([2, 3, 3, 4], within=1) == 0.75
    assert percent_agreement([3]) == 1.0  # one respondent agrees with themself
    assert percent_agreement([1, 1, 1, 1, "dont_know"]) == 1.0  # don't know left out
    assert math.isnan(percent_agreement(["dont_know"]))


# -- Cronbach's alpha -----------------------------------------------------------------------

# Four respondents, three questions:      sum
#   R1  1 2 2                              5
#   R2  2 2 3                              7
#   R3  3 3 3                              9
#   R4  4 3 4                             11
# question variances (n − 1): 5/3, 1/3, 2/3, in all 8/3; the sums' variance: (9+1+1+9)/3 = 20/3.
# alpha = 3/2 · (1 − (8/3) / (20/3)) = 1.5 · 0.6 = 0.9.
TABLE = {"q1": [1, 2, 3, 4], "q2": [2, 2, 3, 3], "q3": [2, 3, 3, 4]}


def test_cronbach_alpha():
    alpha = cronbach_alpha(TABLE)
    assert alpha.value == pytest.approx(0.9)
    assert (alpha.respondents, alpha.items) == (4, 3)


def test_cronbach_alpha_leaves_out_a_respondent_with_a_dont_know():
    # R5 answered "don't know" to q2: left out whole (listwise), so alpha is still 0.9.
    with_r5 = {"q1": [*TABLE["q1"], 1], "q2": [*TABLE["q2"], "dont_know"],
               "q3": [*TABLE["q3"], 4]}
    alpha = cronbach_alpha(with_r5)
    assert alpha.value == pytest.approx(0.9) and alpha.respondents == 4


def test_cronbach_alpha_edge_cases():
    assert math.isnan(cronbach_alpha({"q1": [1], "q2": [2]}).value)  # one respondent
    assert math.isnan(cronbach_alpha({"q1": [1, 2, 3]}).value)  # one question
    # Everyone gave the same answers: no variance in the sums, alpha is undefined.
    assert math.isnan(cronbach_alpha({"q1": [2, 2, 2], "q2": [3, 3, 3]}).value)
    # Questions that pull apart: 1,2 / 2,1: sums 3, 3 → no variance either.
    assert math.isnan(cronbach_alpha({"q1": [1, 2], "q2": [2, 1]}).value)
    # Two questions, 1,2,3 and 2,1,3: variances 1 and 1; sums 3, 3, 6: variance 3;
    # alpha = 2 (1 − 2/3) = 2/3.
    assert cronbach_alpha({"q1": [1, 2, 3], "q2": [2, 1, 3]}).value == pytest.approx(2 / 3)


# -- ICC(1) ---------------------------------------------------------------------------------


def test_icc1_with_groups_of_equal_size():
    # Groups A: 10, 20; B: 30, 40; C: 50, 60. Means 15, 35, 55; grand mean 35.
    # SSB = 2 (400 + 0 + 400) = 1600, MSB = 1600/2 = 800; SSW = 3 × 50 = 150, MSW = 150/3 = 50;
    # n₀ = (6 − 12/6) / 2 = 2. ICC(1) = (800 − 50) / (800 + 1 × 50) = 750/850 = 15/17.
    result = icc1([10, 20, 30, 40, 50, 60], list("AABBCC"), min_groups=3)
    assert result.value == pytest.approx(15 / 17)
    assert (result.groups, result.respondents) == (3, 6)


def test_icc1_with_groups_of_unequal_size():
    # A: 10, 20, 30 (mean 20); B: 40, 50 (mean 45); grand mean 30.
    # SSB = 3 × 100 + 2 × 225 = 750, MSB = 750; SSW = 200 + 50 = 250, MSW = 250/3;
    # n₀ = (5 − (9 + 4)/5) / 1 = 2.4. ICC(1) = (750 − 250/3) / (750 + 1.4 × 250/3)
    # = (2000/3) / (2600/3) = 10/13.
    assert icc1([10, 20, 30, 40, 50], list("AAABB"), min_groups=2).value \
        == pytest.approx(10 / 13)


def test_icc1_needs_enough_groups_and_leaves_out_single_members():
    # The default asks for 5 groups: three give NaN and say why.
    few = icc1([10, 20, 30, 40, 50, 60], list("AABBCC"))
    assert math.isnan(few.value) and "3 groups" in few.note and "needs 5" in few.note
    # D has one member: no within-group variance, left out; the rest is the 15/17 above.
    with_d = icc1([10, 20, 30, 40, 50, 60, 99, None], [*"AABBCC", "D", "C"], min_groups=3)
    assert with_d.value == pytest.approx(15 / 17) and with_d.groups == 3
    # No variance at all: undefined.
    assert math.isnan(icc1([5, 5, 5, 5], list("AABB"), min_groups=2).value)
    # Less difference between groups than within: negative. A: 10, 30; B: 10, 30:
    # MSB = 0, MSW = 200: (0 − 200) / (0 + 200) = −1.
    assert icc1([10, 30, 10, 30], list("AABB"), min_groups=2).value == pytest.approx(-1)


# -- the Delphi rule (the workbook's disagreement rule, reused) -----------------------------


def test_the_delphi_rule_is_the_group_profiles():
    # 1, 2, 3, 4: inclusive quartiles 1.75 and 3.25, IQR 1.5 > 1: disagreement.
    # 2, 3, 3, 4: quartiles 2.75 and 3.25, IQR 0.5: none. Two members: never (fewer than 3).
    assert CONSENSUS_IQR == 1.0
    assert levels_disagree(spread([1, 2, 3, 4]))
    assert not levels_disagree(spread([2, 3, 3, 4]))
    assert not levels_disagree(spread([1, 4]))


def test_question_agreement_per_group(mini, tmp_path):
    """The frame puts the statistics above side by side per session and question, from
    the levels given (don't know counted apart)."""
    from tests.data.test_study import session_with_answers

    study = session_with_answers(mini, tmp_path, [
        {"alpha.one": 2}, {"alpha.one": 3}, {"alpha.one": 3}, {"alpha.one": 4},
        {"alpha.one": "dont_know"}])
    row = question_agreement(study).set_index("question_id").loc["alpha.one"]
    assert (row["n"], row["dont_know"]) == (4, 1)
    assert (row["median"], row["iqr"], row["disagree"]) == (3, 0.5, False)
    assert (row["agreement"], row["agreement_adjacent"]) == (0.5, 0.75)
    assert row["rwg"] == pytest.approx(7 / 15)


def test_dimension_agreement_and_reliability_per_dimension(mini, tmp_path):
    """The alpha table above as four members' answers to alpha.one–three: alpha 0.9 within
    the session and over the study. r_wg(J): variances 5/3, 1/3, 2/3, mean 8/9,
    r = (8/9)/1.25 = 32/45; 3(13/45) / (3(13/45) + 32/45) = 39/71 ≈ 0.549. Nobody answered
    beta: nothing to say there."""
    from tests.data.test_study import session_with_answers

    members = [{"alpha.one": a, "alpha.two": b, "alpha.three": c}
               for a, b, c in zip(*TABLE.values(), strict=True)]
    study = session_with_answers(mini, tmp_path, members)
    rows = dimension_agreement(study).set_index("dimension_id")
    assert rows.loc["alpha", "assessments"] == 4
    assert rows.loc["alpha", "alpha"] == pytest.approx(0.9)
    assert rows.loc["alpha", "alpha_respondents"] == 4
    assert rows.loc["alpha", "rwg_j"] == pytest.approx(39 / 71)
    assert math.isnan(rows.loc["beta", "rwg_j"]) and math.isnan(rows.loc["beta", "alpha"])
    overall = reliability(study).set_index("dimension_id")
    assert overall.loc["alpha", "alpha"] == pytest.approx(0.9)
    assert overall.loc["alpha", "questions"] == len(mini.questions_in("alpha"))


def test_icc1_by_dimension_reads_firm_scores_by_project(mini, tmp_path):
    """beta.one alone is half of beta: a firm score, (level − 1)/3 · 100. Project A: levels
    1, 2; B: 3, 4. In levels: means 0.5 and 2.5, grand mean 1.5; MSB = (2 + 2)/1 = 4,
    MSW = (4 × 0.25)/2 = 0.5, n₀ = 2: ICC(1) = 3.5/4.5 = 7/9 (scores scale it away).
    A member with only alpha.one answered has a provisional alpha score: not counted."""
    from readiness.store import open_store
    from tests.data.test_study import session_with_answers

    store = open_store(str(tmp_path / "icc.sqlite3"))
    session_with_answers(mini, tmp_path, [{"beta.one": 1}, {"beta.one": 2},
                                          {"alpha.one": 4}], project="A", store=store)
    study = session_with_answers(mini, tmp_path, [{"beta.one": 3}, {"beta.one": 4}],
                                 project="B", store=store)
    store.close()
    rows = icc1_by_dimension(study, min_groups=2).set_index("dimension_id")
    assert rows.loc["beta", "icc1"] == pytest.approx(7 / 9)
    assert (rows.loc["beta", "groups"], rows.loc["beta", "respondents"]) == (2, 4)
    assert rows.loc["alpha", "respondents"] == 0 and "needs 2" in rows.loc["alpha", "note"]
    assert "needs 5" in icc1_by_dimension(study).set_index("dimension_id").loc["beta", "note"]


def test_question_agreement_names_the_group_profile_s_kinds(mini, tmp_path):
    """The 2-against-6 split (docs/scoring.md, "Disagreement: three rules"): the Delphi
    rule sees consensus, the ``kinds`` column the role split, as the group view does."""
    from readiness.data.study import load
    from readiness.store import open_store
    from readiness.store.sessions import create_session, join_session

    store = open_store(str(tmp_path / "kinds.sqlite3"))
    session, _key = create_session(store, mini, project="Norrby", round_name="start")
    for role, level in [("resident", 1)] * 2 + [("manager", 4)] * 6 + [("staff", "dont_know")]:
        record = join_session(store, mini, session.join_code, role=role)
        store.save_answer(mini, record.id, "alpha.one", level)
    study = load(store, framework=mini)
    store.close()
    row = question_agreement(study).set_index("question_id").loc["alpha.one"]
    assert (row["n"], row["iqr"], row["disagree"], row["kinds"]) == (8, 0.75, False, "roles")
