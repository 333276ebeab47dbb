"""Does the batch write store many whole assessments as put_record stores each, all of a
batch or nothing, never over a stored one unasked, and keep a replaced one's session?"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from readiness.errors import ReadinessError
from readiness.store.batch import WholeAssessment, put_batches, put_records
from readiness.store.repository import StoredAnswer, StoredNote, new_assessment_record
from readiness.store.sessions import create_session, join_session, member_assessments

MOMENT = datetime(2025, 3, 1, 12, 30, tzinfo=UTC)


def whole(mini, project="Norrby", level=2):
    record = new_assessment_record(mini, project=project, area="North", role="staff",
                                   language="sv")
    question = mini.questions[0].id
    return WholeAssessment(record, {question: StoredAnswer(level, MOMENT),
                                    mini.gates[0].id: StoredAnswer("closed", MOMENT)},
                           {mini.dimensions[0].id: StoredNote("a note", MOMENT)})


def test_a_batch_reads_back_as_put_record_writes_each(store, mini):
    items = [whole(mini, level=level) for level in (1, 2, 3)]
    assert put_records(store, items) == 3
    for item in items:
        assert store.get_assessment(item.record.id) == item.record
        assert store.answers(item.record.id) == item.answers
        assert store.answers(item.record.id)[mini.questions[0].id].framework_version \
            == mini.version
        assert store.notes(item.record.id) == item.notes


def test_a_stored_id_refuses_the_whole_batch_unless_replacing(store, mini):
    first = whole(mini)
    put_records(store, [first])
    fresh = whole(mini)
    again = WholeAssessment(first.record, {mini.questions[0].id: StoredAnswer(4, MOMENT)})
    with pytest.raises(ReadinessError, match="already in the store.*nothing was written"):
        put_records(store, [fresh, again])
    assert not store.has_assessment(fresh.record.id)  # all or nothing
    assert store.answer_values(first.record.id)[mini.questions[0].id] == 2
    with pytest.raises(ReadinessError, match="more than once"):
        put_records(store, [fresh, fresh])
    assert put_records(store, [fresh, again], replace=True) == 2
    assert store.answer_values(first.record.id) == {mini.questions[0].id: 4}
    assert store.notes(first.record.id) == {}


def test_replacing_keeps_a_members_place_in_their_session(store, mini):
    session, _key = create_session(store, mini, project="Norrby")
    member = join_session(store, mini, session.join_code, role="resident")
    stored = store.get_assessment(member.id)
    put_records(store, [WholeAssessment(stored, {mini.questions[0].id:
                                                 StoredAnswer(3, MOMENT)})], replace=True)
    assert [r.id for r, _name in member_assessments(store, session.id)] == [member.id]
    assert store.answer_values(member.id) == {mini.questions[0].id: 3}


def test_batches_of_any_size_write_every_assessment(store, mini):
    items = [whole(mini, project=f"P{i}") for i in range(7)]
    assert put_batches(store, iter(items), size=3) == 7
    assert {r.id for r in store.list_assessments()} == {i.record.id for i in items}


def test_study_columns_hand_over_every_answer_in_chunks(store, mini):
    """What load reads, on every database: each assessment once, each answer once, in
    chunks of the size asked for (a chunk lost or read twice would change the counts)."""
    from readiness.store.study import study_columns

    items = [whole(mini, project=f"P{i}", level=1 + i % 3) for i in range(5)]
    put_records(store, items)
    chunks = []
    found = study_columns(store, lambda rows: chunks.append(list(rows)), chunk=3)
    assert sorted(found.assessments["id"]) == sorted(i.record.id for i in items)
    assert found.training == 0 and all(len(chunk) <= 3 for chunk in chunks)
    rows = sorted((a, q, v) for chunk in chunks for a, q, v, _when in chunk)
    assert rows == sorted((i.record.id, q, str(answer.value))
                          for i in items for q, answer in i.answers.items())
    project = study_columns(store, lambda rows: None, project="P2")
    assert project.assessments["project"] == ["P2"]


def test_load_reads_a_batch_written_study_on_every_database(store):
    """load's bulk read (SQLite's cursor, a server-side cursor elsewhere) gives every answer
    with its time, and the workbook's own scores."""
    from readiness.data import load
    from readiness.data.synthetic import synthetic_records
    from readiness.framework.model import default_framework
    from readiness.scoring.answers import score_profile

    framework = default_framework()
    made = list(synthetic_records(40, framework, projects=3, seed=9))
    put_batches(store, (WholeAssessment(record, answers) for record, answers in made), size=16)
    study = load(store, synthetic=True)
    assert len(study.answers) + len(study.gates) == sum(len(a) for _r, a in made)
    assert set(study.answers["answered_at"]) == {r.created_at for r, _a in made}
    scores = study.scores.set_index(["assessment_id", "dimension_id"])["score"]
    for record, answers in made:
        values = {q: a.value for q, a in answers.items()}
        for dimension in score_profile(framework, values).dimensions:
            got = scores[(record.id, dimension.dimension_id)]
            assert (got == dimension.score) if dimension.score is not None else got != got
