"""Is a member followed across a project's rounds, and only where it is the same person as
far as the workbook can tell (issue 15.6): the same device, the same project, the same
role, and not someone else who already answers in that round?"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import text

from readiness.exchange.report_data import from_sessions
from readiness.exchange.tabular import answer_rows
from readiness.store import open_store
from readiness.store.migrations import LATEST_VERSION, MIGRATIONS
from readiness.store.sessions import (
    create_session,
    follow_member,
    join_session,
    member_identities,
    next_round,
)
from tests.store.conftest import engine_at, table_names


def _labels(store, *sessions) -> list[list[tuple[str, str]]]:
    """Each round's (label, role) in joining order."""
    data = from_sessions(store, [s.id for s in sessions])
    return [[(r.label, r.role) for r in round_.respondents] for round_ in data.rounds]


def _project(store, framework):
    first, key = create_session(store, framework, project="Norrby", round_name="planning")
    members = [join_session(store, framework, first.join_code, role=role)
               for role in ("resident", "staff", "resident")]
    later = next_round(store, framework, first.id, key, "mid-term")
    return first, key, later, members


def test_a_member_who_joins_the_next_round_on_the_same_device_keeps_their_number(
        store, framework):
    first, _key, later, (ana, bo, cia) = _project(store, framework)
    assert _labels(store, first) == [[("R1", "resident"), ("R2", "staff"), ("R3", "resident")]]
    dan = join_session(store, framework, later.join_code, role="resident")  # a new phone
    assert not follow_member(store, dan.id, [])
    cia_again = join_session(store, framework, later.join_code, role="resident")
    assert follow_member(store, cia_again.id, [cia.id])  # Cia's phone kept her assessment
    bo_again = join_session(store, framework, later.join_code, role="staff")
    assert follow_member(store, bo_again.id, [bo.id, "an-unknown-id"])
    store.save_answer(framework, bo_again.id, "purpose.task-clarity", 3)
    # Numbers are the project's: R4 is new, Cia stays R3 and Bo R2, in every report.
    expected = [("R4", "resident"), ("R3", "resident"), ("R2", "staff")]
    assert _labels(store, first, later)[1] == expected
    assert _labels(store, later) == [expected]  # the second round's own report too
    rows = answer_rows(framework, from_sessions(store, [first.id, later.id]), "en")
    assert {(row["respondent"], row["round"]) for row in rows} == {("R2", "mid-term")}
    # A third round: Cia's phone now remembers both her assessments; the newest counts.
    third = next_round(store, framework, later.id, _key, "end")
    cia_third = join_session(store, framework, third.join_code, role="resident")
    assert follow_member(store, cia_third.id, [cia.id, cia_again.id])
    assert _labels(store, first, later, third)[2] == [("R3", "resident")]
    keys = member_identities(store, [first.id, later.id, third.id])
    assert keys[cia.id] == keys[cia_again.id] == keys[cia_third.id] != keys[ana.id]
    assert keys[ana.id] == f"assessment:{ana.id}"  # not followed: herself


def test_no_one_is_followed_to_another_role_another_project_or_a_taken_number(
        store, framework):
    first, key, later, (ana, bo, _cia) = _project(store, framework)
    # A shared laptop passed on: Ana's device, but a staff member answers now.
    staff = join_session(store, framework, later.join_code, role="staff")
    assert not follow_member(store, staff.id, [ana.id])
    # Ana follows herself; then someone else on her phone ("I am someone else") does not
    # get her number too.
    ana_again = join_session(store, framework, later.join_code, role="resident")
    assert follow_member(store, ana_again.id, [ana.id])
    someone_else = join_session(store, framework, later.join_code, role="resident")
    assert not follow_member(store, someone_else.id, [ana.id, ana_again.id])
    assert [label for label, _role in _labels(store, first, later)[1]] == ["R4", "R1", "R5"]
    # Another project (another key) with the same name: nothing to follow.
    other, _other_key = create_session(store, framework, project="Norrby")
    stranger = join_session(store, framework, other.join_code, role="staff")
    assert not follow_member(store, stranger.id, [bo.id])
    # The first round has no round before it; a later round is not "earlier". Joining the
    # first round late takes the next number, and changes no one else's.
    newcomer = join_session(store, framework, first.join_code, role="staff")
    assert not follow_member(store, newcomer.id, [staff.id])
    labels = _labels(store, first, later)
    assert [label for label, _role in labels[0]] == ["R1", "R2", "R3", "R6"]
    assert [label for label, _role in labels[1]] == ["R4", "R1", "R5"]
    assert key  # the same key opened every round


def test_a_version_5_store_is_upgraded_to_follow_members(store_location, framework):
    from readiness.store import tables

    assert MIGRATIONS[5][0] == 6 and LATEST_VERSION >= 6
    location = store_location
    engine = engine_at(location)
    now = datetime.now(UTC)
    with engine.begin() as connection:  # what the release before member keys created
        for _version, _description, step in MIGRATIONS[:5]:
            step(connection)
        connection.execute(tables.schema_info.insert().values(id=1, version=5))
        connection.execute(tables.assessments.insert().values(
            id="kept-from-v5", framework_id=framework.id,
            framework_version=framework.version, project="Norrby", area="",
            role="staff", language="sv", created_at=now, updated_at=now))
    engine.dispose()
    assert "member_keys" not in table_names(location)
    store = open_store(location)
    with store.engine.connect() as connection:
        assert connection.execute(text("select version from schema_info")).scalar() == (
            LATEST_VERSION)
        assert connection.execute(text("select count(*) from member_keys")).scalar() == 0
    assert store.get_assessment("kept-from-v5").project == "Norrby"
    store.close()
