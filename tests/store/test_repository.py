"""Is every answer stored at once, and does the store survive many writers and bad input?"""

from __future__ import annotations

import multiprocessing
from datetime import UTC, datetime

import pytest
from sqlalchemy import text

from readiness.errors import AnswerError, NotFoundError, ReadinessError, StoreUnavailable
from readiness.framework.conditions import DONT_KNOW
from readiness.store import open_store
from readiness.store.engine import resolve_store_url
from readiness.store.migrations import LATEST_VERSION, StoreVersionError
from tests.store.conftest import engine_at, table_names

HOSTILE = "<script>alert('x')</script> =HYPERLINK(\"http://evil\") ' OR 1=1; -- ÅÄÖ æøå"


def test_answers_are_upserted_with_a_timestamp(store, mini):
    record = store.create_assessment(mini, project="Askim", area="Göteborg", role="staff",
                                     language="sv")
    first = store.save_answer(mini, record.id, "alpha.one", 2)
    second = store.save_answer(mini, record.id, "alpha.one", 4)
    store.save_answer(mini, record.id, "gate.open", "closed")
    store.save_answer(mini, record.id, "beta.one", DONT_KNOW)
    assert second >= first and second.tzinfo is UTC
    stored = store.answers(record.id)
    assert {q: a.value for q, a in stored.items()} == {
        "alpha.one": 4, "gate.open": "closed", "beta.one": DONT_KNOW}
    assert stored["alpha.one"].answered_at == second
    assert store.get_assessment(record.id).updated_at >= second
    with store.engine.connect() as connection:
        rows = connection.execute(text("select count(*) from answers")).scalar()
    assert rows == 3


def test_a_new_store_object_sees_everything(store_location, mini):
    """A reload or a dead kernel: a fresh process opening the store finds the answers."""
    location = store_location
    first = open_store(location)
    record = first.create_assessment(mini, project="P")
    first.save_answer(mini, record.id, "beta.two", 3)
    first.save_note(record.id, "beta", "Vi behöver prata om detta")
    first.close()
    second = open_store(location)
    assert second.answer_values(record.id) == {"beta.two": 3}
    assert second.notes(record.id)["beta"].text == "Vi behöver prata om detta"
    assert second.get_assessment(record.id).project == "P"


def test_clear_answer(store, mini):
    record = store.create_assessment(mini, project="P")
    store.save_answer(mini, record.id, "alpha.one", 1)
    store.clear_answer(record.id, "alpha.one")
    assert store.answers(record.id) == {}


def test_hostile_text_is_kept_verbatim(store, mini):
    record = store.create_assessment(mini, project=HOSTILE, area=HOSTILE)
    store.save_note(record.id, "alpha", HOSTILE + "\nline two\ttab")
    assert store.get_assessment(record.id).project == HOSTILE
    assert store.notes(record.id)["alpha"].text == HOSTILE + "\nline two\ttab"


@pytest.mark.parametrize("bad", ["nul\x00byte", "bell\x07", "x" * 201])
def test_bad_names_are_refused_and_nothing_is_written(store, mini, bad):
    with pytest.raises(ReadinessError):
        store.create_assessment(mini, project=bad)
    assert store.list_assessments() == []


def test_bad_answers_and_unknown_assessments_change_nothing(store, mini):
    record = store.create_assessment(mini, project="P")
    store.save_answer(mini, record.id, "alpha.one", 2)
    with pytest.raises(AnswerError):
        store.save_answer(mini, record.id, "alpha.one", 9)
    with pytest.raises(AnswerError):
        store.save_answer(mini, record.id, "no.such", 1)
    with pytest.raises(NotFoundError):
        store.save_answer(mini, "missing-assessment", "alpha.one", 1)
    with pytest.raises(NotFoundError):
        store.get_assessment("missing-assessment")
    assert store.answer_values(record.id) == {"alpha.one": 2}
    with store.engine.connect() as connection:
        assert connection.execute(text("select count(*) from answers")).scalar() == 1


def test_unknown_role_or_language_is_refused(store, mini):
    with pytest.raises(ReadinessError, match="unknown role"):
        store.create_assessment(mini, project="P", role="boss")
    with pytest.raises(ReadinessError, match="unknown language"):
        store.create_assessment(mini, project="P", language="de")
    record = store.create_assessment(mini, project="P")
    assert store.update_assessment(record.id, language="da").language == "da"
    with pytest.raises(ReadinessError):
        store.update_assessment(record.id, id="other")


def test_schema_version_is_recorded_and_a_newer_store_is_refused(store_location, mini):
    location = store_location
    store = open_store(location)
    record = store.create_assessment(mini, project="P")
    with store.engine.begin() as connection:
        assert connection.execute(text("select version from schema_info")).scalar() == \
            LATEST_VERSION
        connection.execute(text("update schema_info set version = :v"),
                           {"v": LATEST_VERSION + 1})
    store.close()
    with pytest.raises(StoreVersionError, match="newer than this workbook"):
        open_store(location)
    engine = engine_at(location)
    with engine.connect() as connection:
        assert connection.execute(text("select id from assessments")).all() == [(record.id,)]
    engine.dispose()


def test_store_location_comes_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("READINESS_STORE", str(tmp_path / "env.sqlite3"))
    assert resolve_store_url() == f"sqlite:///{tmp_path / 'env.sqlite3'}"
    assert resolve_store_url("postgresql://u@h/db") == "postgresql://u@h/db"
    monkeypatch.delenv("READINESS_STORE")
    assert resolve_store_url().endswith("readiness.sqlite3")


# -- many writers ---------------------------------------------------------------------------

WRITERS = 10
ANSWERS_PER_WRITER = 40


def _writer(location: str, assessment_id: str, shared_id: str, worker: int, start) -> None:
    from readiness.framework.model import load_framework
    from readiness.store import open_store
    from tests.conftest import FIXTURES

    mini = load_framework(FIXTURES / "mini.yaml")
    store = open_store(location)
    questions = [q.id for q in mini.questions]
    start.wait()  # every process writes at the same moment
    for n in range(ANSWERS_PER_WRITER):
        question = questions[n % len(questions)]
        store.save_answer(mini, assessment_id, question, (n + worker) % 3 + 1)
        store.save_note(shared_id, f"w{worker}-{n}", f"note {n} from {worker}")
    store.close()


def test_concurrent_writers_lose_nothing(store_location, mini):
    location = store_location
    store = open_store(location)
    own = [store.create_assessment(mini, project=f"P{w}").id for w in range(WRITERS)]
    shared = store.create_assessment(mini, project="shared").id
    context = multiprocessing.get_context("spawn")
    start = context.Event()
    workers = [context.Process(target=_writer, args=(location, own[w], shared, w, start))
               for w in range(WRITERS)]
    for worker in workers:
        worker.start()
    start.set()
    for worker in workers:
        worker.join(120)
    assert [worker.exitcode for worker in workers] == [0] * WRITERS

    questions = [q.id for q in mini.questions]
    for w, assessment_id in enumerate(own):
        expected = {}
        for n in range(ANSWERS_PER_WRITER):
            expected[questions[n % len(questions)]] = (n + w) % 3 + 1
        assert store.answer_values(assessment_id) == expected
    notes = store.notes(shared)
    assert len(notes) == WRITERS * ANSWERS_PER_WRITER
    assert notes["w3-7"].text == "note 7 from 3"
    if store.engine.dialect.name == "sqlite":
        with store.engine.connect() as connection:
            assert connection.execute(text("pragma integrity_check")).scalar() == "ok"
    assert isinstance(store.get_assessment(shared).updated_at, datetime)


def test_a_version_1_store_is_upgraded_in_place(store_location, mini):
    from readiness.store import tables
    from readiness.store.migrations import MIGRATIONS

    location = store_location
    engine = engine_at(location)
    with engine.begin() as connection:  # what the first release created
        MIGRATIONS[0][2](connection)
        connection.execute(tables.schema_info.insert().values(id=1, version=1))
        now = datetime.now(UTC)
        connection.execute(tables.assessments.insert().values(
            id="kept-from-v1", framework_id="mini", framework_version="1.0.0",
            project="before upgrade", area="", role="staff", language="sv",
            created_at=now, updated_at=now))
    engine.dispose()
    assert table_names(location) == {"schema_info", "assessments", "answers", "notes"}
    store = open_store(location)
    record = store.create_assessment(mini, project="after upgrade")
    with store.engine.connect() as connection:
        assert connection.execute(text("select version from schema_info")).scalar() == \
            LATEST_VERSION
        assert connection.execute(text("select count(*) from sessions")).scalar() == 0
        assert connection.execute(text("select count(*) from case_links")).scalar() == 0
        assert connection.execute(text("select count(*) from plan_items")).scalar() == 0
    assert store.get_assessment(record.id).project == "after upgrade"
    assert store.get_assessment("kept-from-v1").project == "before upgrade"
    store.link_case(record.id, "askimsviken")
    assert store.case_of(record.id) == "askimsviken" and store.case_of("other") is None


@pytest.mark.parametrize("level", [2.0, "2", True])
def test_a_level_must_be_a_whole_number_not_a_look_alike(store, mini, level):
    """2.0 == 2 and True == 1 in Python, but stored as "2.0" or "True" no page can read them."""
    record = store.create_assessment(mini, project="P")
    store.save_answer(mini, record.id, "alpha.one", 3)
    with pytest.raises(AnswerError, match=r"alpha\.one .*whole number"):
        store.save_answer(mini, record.id, "alpha.one", level)
    assert store.answers(record.id)["alpha.one"].value == 3


@pytest.mark.postgres
def test_a_postgresql_server_that_is_down_is_one_clear_failure(postgres_server):
    """A plain postgresql:// URL uses the installed driver; a server that does not answer
    is StoreUnavailable naming the store without its password, as a broken SQLite file is."""
    from tests.postgres import _free_port

    url = postgres_server.url("store").replace("postgresql+pg8000://", "postgresql://")
    down = url.replace(f":{postgres_server.port}/", f":{_free_port()}/")
    with pytest.raises(StoreUnavailable, match="cannot be used") as failure:
        open_store(down)
    assert postgres_server.password not in str(failure.value)
    assert "127.0.0.1" in str(failure.value)


@pytest.mark.postgres
def test_a_postgresql_store_locked_too_long_fails_like_a_busy_sqlite_file(postgres_server, mini,
                                                                         monkeypatch):
    """Every transaction takes the store's advisory lock (the counterpart of BEGIN
    IMMEDIATE): a writer that waits past the lock timeout is StoreUnavailable, nothing
    written, and writes again once the lock is free."""
    from readiness.store import engine as store_engine

    monkeypatch.setattr(store_engine, "POSTGRES_LOCK_TIMEOUT_MS", 300)
    location = postgres_server.new_database()
    store, other = open_store(location), open_store(location)
    record = store.create_assessment(mini, project="P")
    with other.engine.begin():  # another kernel's transaction holds the lock
        with pytest.raises(StoreUnavailable, match="lock timeout.*nothing was changed"):
            store.save_answer(mini, record.id, "alpha.one", 2)
    assert store.answer_values(record.id) == {}
    store.save_answer(mini, record.id, "alpha.one", 2)
    assert other.answer_values(record.id) == {"alpha.one": 2}
    store.close()
    other.close()
