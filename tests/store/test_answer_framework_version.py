"""Does every stored answer carry the version of the framework it was given under (issue
17.6), in a new store and in one written before answers had it?"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import text

from readiness.store import open_store
from readiness.store.migrations import LATEST_VERSION, MIGRATIONS
from readiness.store.repository import StoredAnswer
from tests.store.conftest import column_names, engine_at


def _question(framework):
    return framework.questions[0]


def test_an_answer_is_stored_with_the_framework_version_it_was_checked_against(
        store, framework):
    record = store.create_assessment(framework, project="Norrby")
    question = _question(framework)
    store.save_answer(framework, record.id, question.id, question.options[0].value)
    stored = store.answers(record.id)[question.id]
    assert stored.framework_version == framework.version == record.framework_version
    with store.engine.connect() as connection:
        assert connection.execute(text(
            "select framework_version from answers")).scalars().all() == [framework.version]


def test_a_whole_assessment_put_in_the_store_gives_its_answers_its_version(store, framework):
    record = store.create_assessment(framework, project="Norrby")
    question = _question(framework)
    when = datetime.now(UTC)
    store.put_record(record, {question.id: StoredAnswer(question.options[0].value, when)}, {},
                     replace=True)
    assert store.answers(record.id)[question.id].framework_version == record.framework_version


def test_a_version_6_store_gets_the_column_filled_from_each_assessment(store_location,
                                                                        framework):
    from readiness.store import tables

    assert MIGRATIONS[6][0] == 7 and LATEST_VERSION >= 7
    location = store_location
    engine = engine_at(location)
    now = datetime.now(UTC)
    question = _question(framework)
    with engine.begin() as connection:  # what the release before this one created
        for _version, _description, step in MIGRATIONS[:6]:
            step(connection)
        # Version 1's answers table had no framework_version column.
        connection.execute(text("DROP TABLE answers"))
        connection.execute(text(
            "CREATE TABLE answers (assessment_id VARCHAR(64) NOT NULL REFERENCES "
            "assessments (id) ON DELETE CASCADE, question_id VARCHAR(120) NOT NULL, "
            "value VARCHAR(60) NOT NULL, answered_at TIMESTAMP WITH TIME ZONE NOT NULL, "
            "PRIMARY KEY (assessment_id, question_id))"))
        connection.execute(tables.schema_info.insert().values(id=1, version=6))
        for assessment_id, version in (("old-1-0", "1.0.0"), ("old-1-1", "1.1.0")):
            connection.execute(tables.assessments.insert().values(
                id=assessment_id, framework_id=framework.id, framework_version=version,
                project="Norrby", area="", role="staff", language="sv",
                created_at=now, updated_at=now))
            connection.execute(text(
                "INSERT INTO answers VALUES (:a, :q, '2', :t)"),
                {"a": assessment_id, "q": question.id, "t": now.isoformat(" ")})
    engine.dispose()
    assert "framework_version" not in column_names(location, "answers")
    store = open_store(location)
    try:
        with store.engine.connect() as connection:
            assert connection.execute(text("select version from schema_info")).scalar() == (
                LATEST_VERSION)
            rows = connection.execute(text(
                "select assessment_id, framework_version, value from answers "
                "order by assessment_id")).all()
        assert [tuple(r) for r in rows] == [("old-1-0", "1.0.0", "2"), ("old-1-1", "1.1.0", "2")]
        assert store.answers("old-1-0")[question.id].value == 2  # the answer itself kept
    finally:
        store.close()
    # Opening it again runs nothing more and changes nothing.
    again = open_store(location)
    assert again.answers("old-1-1")[question.id].framework_version == "1.1.0"
    again.close()


def test_an_answer_written_without_a_version_reads_as_its_assessments(store, framework):
    record = store.create_assessment(framework, project="Norrby")
    question = _question(framework)
    with store.engine.begin() as connection:  # as a writer that does not know the column
        connection.execute(text(
            "INSERT INTO answers (assessment_id, question_id, value, answered_at) "
            "VALUES (:a, :q, '2', :t)"),
            {"a": record.id, "q": question.id, "t": datetime.now(UTC).isoformat(" ")})
    assert store.answers(record.id)[question.id].framework_version == record.framework_version
