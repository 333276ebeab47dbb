"""Group sessions: a join code for participants, a facilitator key, and the members' answers.

Every call that reveals or changes a session's group data takes the facilitator key and
checks it here, in the core; only a hash of the key is stored. Participants join with the
join code and get an assessment of their own, answered with the ordinary workbook.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING
from urllib.parse import urlencode

from sqlalchemy import func, select, update

from readiness.errors import NotFoundError, ReadinessError
from readiness.framework.model import Framework
from readiness.store import Store, tables
from readiness.store.repository import (
    MAX_NAME_CHARS,
    AssessmentRecord,
    assessment_record,
    check_language,
    check_text,
    decode_value,
    encode_value,
    insert_assessment,
    new_assessment_id,
    new_assessment_record,
    utc_now,
)

if TYPE_CHECKING:
    from readiness.scoring.aggregate import GroupProfile, Member

JOIN_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
"""No 0/O, 1/I/L: a code read aloud or from a projector cannot be mistaken."""
JOIN_CODE_LENGTH = 8
MAX_DISPLAY_NAME_CHARS = 80


class AccessDenied(ReadinessError):
    """A wrong facilitator key, or a session that is closed for answers."""


@dataclass(frozen=True)
class SessionRecord:
    id: str
    join_code: str
    framework_id: str
    framework_version: str
    project: str
    area: str
    language: str
    round: str
    is_open: bool
    revealed: bool
    created_at: datetime

    @property
    def display_code(self) -> str:
        """The join code as shown to people: ABCD-EFGH."""
        half = len(self.join_code) // 2
        return f"{self.join_code[:half]}-{self.join_code[half:]}"

    def join_link(self, page: str) -> str:
        """The address participants open on ``page``: the join code and the session's
        language, so that a phone opens the join page in the session's language."""
        return f"{page}?{urlencode({'join': self.join_code, 'lang': self.language})}"


def new_join_code() -> str:
    return "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH))


def normalise_code(text: str) -> str:
    """What a person typed (lower case, spaces, dashes) as a stored join code."""
    return re.sub(r"[^A-Z0-9]", "", text.upper())


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def _record(row) -> SessionRecord:
    values = {column: row[column] for column in SessionRecord.__dataclass_fields__}
    return SessionRecord(**values)


def create_session(store: Store, framework: Framework, *, project: str, area: str = "",
                   language: str = "en", round_name: str = "",
                   key: str | None = None) -> tuple[SessionRecord, str]:
    """A new open session; returns it with its facilitator key (shown once, stored hashed).

    A new round of a project passes the project's existing ``key`` (see ``next_round``), so
    one key opens every round of it."""
    check_language(language)
    key = key or secrets.token_urlsafe(24)
    values = {
        "id": secrets.token_urlsafe(12),
        "join_code": new_join_code(),
        "facilitator_key_hash": _hash(key),
        "framework_id": framework.id,
        "framework_version": framework.version,
        "project": check_text("project", project, MAX_NAME_CHARS),
        "area": check_text("area", area, MAX_NAME_CHARS),
        "language": language,
        "round": check_text("round", round_name, 60),
        "is_open": True,
        "revealed": False,
        "created_at": utc_now(),
    }
    with store.engine.begin() as connection:
        connection.execute(tables.sessions.insert().values(**values))
    return find_session(store, values["join_code"]), key


def next_round(store: Store, framework: Framework, session_id: str, key: str,
               round_name: str) -> SessionRecord:
    """A new session for the same project, opened by the same key (e.g. mid-term, end)."""
    check_facilitator(store, session_id, key)
    earlier = session_by_id(store, session_id)
    session, _key = create_session(store, framework, project=earlier.project,
                                   area=earlier.area, language=earlier.language,
                                   round_name=round_name, key=key)
    return session


def project_rounds(store: Store, session_id: str, key: str) -> list[SessionRecord]:
    """Every round of this session's project that the same key opens, oldest first."""
    check_facilitator(store, session_id, key)
    return rounds_of(store, session_id)


def rounds_of(store: Store, session_id: str) -> list[SessionRecord]:
    """The rounds of a session's project (same project, same key), oldest first.

    For the store's owner (the command line); pages use ``project_rounds`` with the key."""
    session = session_by_id(store, session_id)
    key_hash = select(tables.sessions.c.facilitator_key_hash).where(
        tables.sessions.c.id == session_id).scalar_subquery()
    query = (select(tables.sessions)
             .where(tables.sessions.c.facilitator_key_hash == key_hash)
             .where(tables.sessions.c.project == session.project)
             .order_by(tables.sessions.c.created_at, tables.sessions.c.id))
    with store.engine.connect() as connection:
        return [_record(row) for row in connection.execute(query).mappings()]


def _one_session(store: Store, condition, missing: str) -> SessionRecord:
    with store.engine.connect() as connection:
        row = connection.execute(select(tables.sessions).where(condition)).mappings().first()
    if row is None:
        raise NotFoundError(missing)
    return _record(row)


def session_by_id(store: Store, session_id: str) -> SessionRecord:
    return _one_session(store, tables.sessions.c.id == session_id,
                        f"no session {session_id!r}")


def session_of_assessment(store: Store, assessment_id: str) -> SessionRecord | None:
    """The session a participant's assessment belongs to (None for an individual one)."""
    query = (select(tables.sessions)
             .join(tables.session_members,
                   tables.session_members.c.session_id == tables.sessions.c.id)
             .where(tables.session_members.c.assessment_id == assessment_id))
    with store.engine.connect() as connection:
        row = connection.execute(query).mappings().first()
    return None if row is None else _record(row)


def session_table(store: Store) -> list[tuple[SessionRecord, int]]:
    """Every session with its number of members, oldest first: for the store's owner (the
    command line's ``session list``). It reads no names and no key hashes."""
    members = tables.session_members
    shown = [tables.sessions.c[name] for name in SessionRecord.__dataclass_fields__]
    query = (select(*shown, func.count(members.c.assessment_id).label("members"))
             .outerjoin(members, members.c.session_id == tables.sessions.c.id)
             .group_by(tables.sessions.c.id)
             .order_by(tables.sessions.c.created_at, tables.sessions.c.id))
    with store.engine.connect() as connection:
        return [(_record(row), row["members"])
                for row in connection.execute(query).mappings()]


def put_session(store: Store, *, join_code: str, framework_id: str, framework_version: str,
                project: str, area: str, language: str, round_name: str, created_at: datetime,
                members: Iterable[tuple[str, str, dict]], plan: Iterable = ()
                ) -> tuple[SessionRecord, str]:
    """Write a whole session read from a facilitator's download, in one transaction: a
    closed session with a new facilitator key (returned, shown once), each member
    ``(display name, role, answers)`` a new assessment answered at ``created_at``, and the
    plan's items (``PlanItem``). Refused, with nothing written, when the store already holds
    a session with ``join_code``. The caller has checked every value."""
    key = secrets.token_urlsafe(24)
    session_id = secrets.token_urlsafe(12)
    with store.engine.begin() as connection:
        taken = connection.execute(select(func.count()).where(
            tables.sessions.c.join_code == join_code)).scalar()
        if taken:
            raise ReadinessError(f"a session with the join code {join_code} is already in the "
                                 "store; nothing was changed")
        connection.execute(tables.sessions.insert().values(
            id=session_id, join_code=join_code, facilitator_key_hash=_hash(key),
            framework_id=framework_id, framework_version=framework_version, project=project,
            area=area, language=language, round=round_name, is_open=False, revealed=False,
            created_at=created_at))
        for name, role, answers in members:
            record = AssessmentRecord(new_assessment_id(), framework_id, framework_version,
                                      project, area, role, language, created_at, created_at)
            insert_assessment(connection, record)
            if answers:
                connection.execute(tables.answers.insert(), [
                    {"assessment_id": record.id, "question_id": question,
                     "value": encode_value(value), "answered_at": created_at,
                     "framework_version": framework_version}
                    for question, value in answers.items()])
            connection.execute(tables.session_members.insert().values(
                assessment_id=record.id, session_id=session_id, display_name=name,
                joined_at=created_at))
        items = [{"plan_kind": tables.PLAN_OF_SESSION, "plan_id": session_id,
                  "action_id": item.action_id, "owner": item.owner, "due": item.due,
                  "status": item.status, "updated_at": item.updated_at} for item in plan]
        if items:
            connection.execute(tables.plan_items.insert(), items)
    return find_session(store, join_code), key


def find_session(store: Store, join_code: str) -> SessionRecord:
    return _one_session(store, tables.sessions.c.join_code == normalise_code(join_code),
                        f"no session with the code {join_code!r}")


def check_facilitator(store: Store, session_id: str, key: str) -> None:
    """Raise AccessDenied unless ``key`` is the session's facilitator key."""
    with store.engine.connect() as connection:
        stored = connection.execute(
            select(tables.sessions.c.facilitator_key_hash)
            .where(tables.sessions.c.id == session_id)
        ).scalar()
    if stored is None or not hmac.compare_digest(stored, _hash(key or "")):
        raise AccessDenied("this key does not open the facilitator view of that session")


def join_session(store: Store, framework: Framework, join_code: str, *, role: str,
                 display_name: str = "") -> AssessmentRecord:
    """A participant's own assessment in the session (anonymous unless a name is given)."""
    session = find_session(store, join_code)
    if not session.is_open:
        raise AccessDenied("this session is closed for answers")
    if session.framework_id != framework.id:
        raise ReadinessError(f"the session uses the framework {session.framework_id!r}")
    check_text("display name", display_name, MAX_DISPLAY_NAME_CHARS)
    record = new_assessment_record(framework, project=session.project, area=session.area,
                                   role=role, language=session.language)
    with store.engine.begin() as connection:  # the assessment and its membership, or neither
        insert_assessment(connection, record)
        connection.execute(tables.session_members.insert().values(
            assessment_id=record.id, session_id=session.id,
            display_name=display_name.strip(), joined_at=utc_now()))
    return record


def set_session_flags(store: Store, session_id: str, key: str, *, is_open: bool | None = None,
                      revealed: bool | None = None) -> None:
    """Open or close the session for answers, or reveal the group results to participants."""
    check_facilitator(store, session_id, key)
    changes = {name: value for name, value in (("is_open", is_open), ("revealed", revealed))
               if value is not None}
    if changes:
        with store.engine.begin() as connection:
            connection.execute(update(tables.sessions)
                               .where(tables.sessions.c.id == session_id).values(**changes))


def session_activity(store: Store, session_id: str) -> tuple:
    """A cheap marker that changes whenever someone joins or changes an answer or note.

    Live views read this one row every few seconds and read the members' answers again
    only when it has changed. It reveals nothing but counts and a time."""
    members = tables.session_members
    assessments = tables.assessments
    query = (select(func.count(members.c.assessment_id), func.max(assessments.c.updated_at),
                    tables.sessions.c.is_open, tables.sessions.c.revealed)
             .select_from(tables.sessions)
             .outerjoin(members, members.c.session_id == tables.sessions.c.id)
             .outerjoin(assessments, assessments.c.id == members.c.assessment_id)
             .where(tables.sessions.c.id == session_id)
             .group_by(tables.sessions.c.id))
    with store.engine.connect() as connection:
        row = connection.execute(query).first()
    return tuple(row) if row is not None else ()


@dataclass(frozen=True)
class MemberSummary:
    """What the facilitator sees of one member: no answers, and a name only if given."""

    role: str
    display_name: str
    answered: int
    joined_at: datetime


def member_summaries(store: Store, session_id: str, key: str) -> list[MemberSummary]:
    check_facilitator(store, session_id, key)
    return _summaries(store, tables.session_members.c.session_id == session_id)


def own_membership(store: Store, join_code: str, assessment_id: str) -> MemberSummary | None:
    """A device's own membership in the session with ``join_code``: what it shows before
    continuing, so a second person on the same browser can say "I am someone else".

    The assessment's id is what the device kept when it joined (it opens that assessment
    anyway); None when it is not a member of that session."""
    members = tables.session_members
    found = _summaries(store, (members.c.assessment_id == assessment_id)
                       & (members.c.session_id == tables.sessions.c.id)
                       & (tables.sessions.c.join_code == normalise_code(join_code)))
    return found[0] if found else None


def _summaries(store: Store, condition) -> list[MemberSummary]:
    members = tables.session_members
    query = (
        select(tables.assessments.c.role, members.c.display_name, members.c.joined_at,
               func.count(tables.answers.c.question_id))
        .join(tables.assessments, tables.assessments.c.id == members.c.assessment_id)
        .outerjoin(tables.answers, tables.answers.c.assessment_id == members.c.assessment_id)
        .where(condition)
        # Every shown column grouped: PostgreSQL asks for it (SQLite would not).
        .group_by(members.c.assessment_id, tables.assessments.c.role, members.c.display_name,
                  members.c.joined_at)
        .order_by(members.c.joined_at, members.c.assessment_id)
    )
    with store.engine.connect() as connection:
        return [MemberSummary(role, name, answered, joined)
                for role, name, joined, answered in connection.execute(query)]


def revealed_members(store: Store, assessment_id: str) -> list[Member] | None:
    """The group's answers for a participant, once the facilitator has revealed them.

    None until then (or for an assessment outside any session). Callers show only the
    aggregate: a participant never sees another member's answers."""
    session = session_of_assessment(store, assessment_id)
    if session is None or not session.revealed:
        return None
    return _members(store, session.id)


def revealed_group(store: Store, framework: Framework, assessment_id: str) -> GroupProfile | None:
    """What a participant sees of the group once revealed (None until then): only numbers
    that at least the minimum group size of members stand behind (``shared_profile``)."""
    members = revealed_members(store, assessment_id)
    if members is None:
        return None
    from readiness.scoring.aggregate import group_profile, shared_profile

    return shared_profile(group_profile(framework, members))


def session_members(store: Store, session_id: str, key: str) -> list[Member]:
    """Every member's role and answers, for the facilitator (one query, no names)."""
    check_facilitator(store, session_id, key)
    return _members(store, session_id)


def _members(store: Store, session_id: str) -> list[Member]:
    from readiness.scoring.aggregate import (
        Member,  # with its statistics, only where groups are read
    )

    return [Member(role, answers) for _name, role, answers in _member_rows(store, session_id)]


def _member_rows(store: Store, session_id: str) -> list[tuple[str, str, dict]]:
    """(display name, role, answers) of every member, in one query."""
    members = tables.session_members
    query = (
        select(members.c.assessment_id, members.c.display_name, tables.assessments.c.role,
               tables.answers.c.question_id, tables.answers.c.value)
        .join(tables.assessments, tables.assessments.c.id == members.c.assessment_id)
        .outerjoin(tables.answers, tables.answers.c.assessment_id == members.c.assessment_id)
        .where(members.c.session_id == session_id)
    )
    rows: dict[str, tuple[str, str, dict]] = {}
    with store.engine.connect() as connection:
        for assessment_id, name, role, question_id, value in connection.execute(query):
            _name, _role, given = rows.setdefault(assessment_id, (name, role, {}))
            if question_id is not None:
                given[question_id] = decode_value(value)
    return [rows[a] for a in sorted(rows)]


def member_assessments(store: Store, session_id: str) -> list[tuple[AssessmentRecord, str]]:
    """Each member's assessment with its display name, in the order they joined.

    For the store's owner (the command line) and for pages that have checked the key."""
    members = tables.session_members
    query = (select(tables.assessments, members.c.display_name)
             .join(members, members.c.assessment_id == tables.assessments.c.id)
             .where(members.c.session_id == session_id)
             .order_by(members.c.joined_at, members.c.assessment_id))
    with store.engine.connect() as connection:
        rows = connection.execute(query).mappings().all()
    return [(assessment_record(row), row["display_name"]) for row in rows]


def follow_member(store: Store, assessment_id: str, earlier: Iterable[str]) -> bool:
    """Follow a member who just joined a later round of a project on a device that joined
    an earlier round of it: ``earlier`` are the assessments that device joined sessions
    with (its memory). The newest of them that is a member of an earlier round of the same
    project (same key, same project), with the same role, lends the new membership its
    member key, so the reports give both the same respondent number. True if followed.

    Nothing is followed across projects, to another role (a shared laptop passed on), or
    onto a key already in this round (a second person on the same device, who said "I am
    someone else"): they are counted as new members."""
    session = session_of_assessment(store, assessment_id)
    earlier = [a for a in dict.fromkeys(earlier) if a != assessment_id]
    if session is None or not earlier:
        return False
    rounds = [r.id for r in rounds_of(store, session.id)]
    before = rounds[:rounds.index(session.id)]
    if not before:
        return False
    members, assessments = tables.session_members, tables.assessments
    role = select(assessments.c.role).where(assessments.c.id == assessment_id).scalar_subquery()
    query = (select(members.c.assessment_id, members.c.session_id)
             .join(assessments, assessments.c.id == members.c.assessment_id)
             .where(members.c.assessment_id.in_(earlier), members.c.session_id.in_(before),
                    assessments.c.role == role))
    with store.engine.begin() as connection:
        found = connection.execute(query).all()
        if not found:
            return False
        newest = max(found, key=lambda row: before.index(row.session_id)).assessment_id
        keys = tables.member_keys
        key = _member_key(connection, newest)
        taken = connection.execute(
            select(func.count()).select_from(keys)
            .join(members, members.c.assessment_id == keys.c.assessment_id)
            .where(keys.c.member_key == key, members.c.session_id == session.id)).scalar()
        if taken:
            return False
        _set_member_key(connection, assessment_id, key)
    return True


def _member_key(connection, assessment_id: str) -> str:
    """The assessment's member key, made (random, never shown) if it has none yet."""
    keys = tables.member_keys
    key = connection.execute(select(keys.c.member_key)
                             .where(keys.c.assessment_id == assessment_id)).scalar()
    if key is None:
        key = secrets.token_hex(16)
        connection.execute(keys.insert().values(assessment_id=assessment_id, member_key=key))
    return key


def _set_member_key(connection, assessment_id: str, key: str) -> None:
    """Give a membership just made the member key of the person it belongs to."""
    keys = tables.member_keys
    connection.execute(keys.delete().where(keys.c.assessment_id == assessment_id))
    connection.execute(keys.insert().values(assessment_id=assessment_id, member_key=key))


# -- a member's personal link -----------------------------------------------------------------

PERSONAL_TOKEN_BYTES = 24
"""192 random bits: a personal link's token cannot be guessed."""


class PersonalLinkRefused(ReadinessError):
    """A personal link whose token opens nothing: mistyped, from another workbook, or
    withdrawn when its owner started afresh."""


@dataclass(frozen=True)
class PersonalLink:
    """Where a member's personal link leads: the newest round of their project that is
    open or that they are in, and their own assessment there (None: not joined yet), with
    the role and name of their newest membership (a new round is joined with them)."""

    session: SessionRecord
    assessment_id: str | None
    role: str
    display_name: str
    newest: str
    """Their newest assessment (in this round or an earlier one)."""


def personal_link_token(store: Store, assessment_id: str) -> str:
    """A new secret token for the personal link of the member with ``assessment_id``.

    It opens the member's key (made now if the member has none), so it leads to their
    answers in this round and lets them join the project's later rounds as the same
    respondent. Only its hash is stored: the token is shown to the member alone."""
    if session_of_assessment(store, assessment_id) is None:
        raise NotFoundError("a personal link is for members of a group session")
    token = secrets.token_urlsafe(PERSONAL_TOKEN_BYTES)
    with store.engine.begin() as connection:
        key = _member_key(connection, assessment_id)
        connection.execute(tables.member_links.insert().values(
            token_hash=_hash(token), member_key=key, created_at=utc_now()))
    return token


def _token_key(connection, token: str) -> str | None:
    if not token or len(token) > 100:
        return None
    links = tables.member_links
    return connection.execute(select(links.c.member_key)
                              .where(links.c.token_hash == _hash(token))).scalar()


def token_opens(store: Store, token: str, assessment_id: str) -> bool:
    """Is ``token`` a working personal link of the member with ``assessment_id``?"""
    keys = tables.member_keys
    with store.engine.connect() as connection:
        key = _token_key(connection, token)
        own = connection.execute(select(keys.c.member_key)
                                 .where(keys.c.assessment_id == assessment_id)).scalar()
    return key is not None and own is not None and hmac.compare_digest(key, own)


REFUSED = "this personal link opens nothing: it is mistyped, or its owner started afresh"


def open_personal_link(store: Store, token: str) -> PersonalLink:
    """Where the personal link with ``token`` leads (``PersonalLink``); PersonalLinkRefused
    for a token that opens nothing."""
    members, keys = tables.session_members, tables.member_keys
    with store.engine.connect() as connection:
        key = _token_key(connection, token)
        rows = [] if key is None else connection.execute(
            select(members.c.assessment_id, members.c.session_id, members.c.display_name,
                   tables.assessments.c.role)
            .join(keys, keys.c.assessment_id == members.c.assessment_id)
            .join(tables.assessments, tables.assessments.c.id == members.c.assessment_id)
            .where(keys.c.member_key == key)).all()
    if not rows:
        raise PersonalLinkRefused(REFUSED)
    theirs = {row.session_id: row for row in rows}
    rounds = rounds_of(store, rows[0].session_id)
    order = [r.id for r in rounds]
    newest = max(rows, key=lambda row: order.index(row.session_id)
                 if row.session_id in order else -1)
    for session in reversed(rounds):
        if session.id in theirs or session.is_open:
            mine = theirs.get(session.id)
            return PersonalLink(session, mine.assessment_id if mine else None, newest.role,
                                newest.display_name, newest.assessment_id)
    return PersonalLink(session_by_id(store, newest.session_id), newest.assessment_id,
                        newest.role, newest.display_name, newest.assessment_id)


def join_with_personal_link(store: Store, framework: Framework, token: str) -> AssessmentRecord:
    """Join the round the personal link leads to as the same member: the same member key
    (so the same respondent), role and name as their newest membership. Their own
    assessment if they are in that round already."""
    link = open_personal_link(store, token)
    if link.assessment_id is not None:
        return store.get_assessment(link.assessment_id)
    with store.engine.connect() as connection:
        key = _token_key(connection, token)
    record = join_session(store, framework, link.session.join_code, role=link.role,
                          display_name=link.display_name)
    with store.engine.begin() as connection:
        _set_member_key(connection, record.id, key)
    return record


def start_afresh(store: Store, assessment_id: str) -> int:
    """The member with ``assessment_id`` is counted as a new respondent from now on: every
    personal link of their member key stops working (returns how many). Their answers stay,
    under the old key; the next membership they make gets a key of its own."""
    keys, links = tables.member_keys, tables.member_links
    with store.engine.begin() as connection:
        key = connection.execute(select(keys.c.member_key)
                                 .where(keys.c.assessment_id == assessment_id)).scalar()
        if key is None:
            return 0
        return connection.execute(links.delete().where(links.c.member_key == key)).rowcount


def member_identities(store: Store, session_ids: Iterable[str]) -> dict[str, str]:
    """Who is who across rounds, for the members of ``session_ids``: each member's
    assessment id with the same text for every round's assessment of the same person (a
    followed member's key; else the assessment's own id). For the reports' numbering; it
    is never shown."""
    members, keys = tables.session_members, tables.member_keys
    query = (select(members.c.assessment_id, keys.c.member_key)
             .outerjoin(keys, keys.c.assessment_id == members.c.assessment_id)
             .where(members.c.session_id.in_(list(session_ids))))
    with store.engine.connect() as connection:
        return {assessment_id: f"key:{key}" if key else f"assessment:{assessment_id}"
                for assessment_id, key in connection.execute(query)}


SESSION_EXPORT_FORMAT = "readiness-session"


FACILITATOR_ONLY_NOTE = ("For the facilitator only: this file names members beside their "
                         "answers. Do not share it; share the report without names.")


def session_export(store: Store, framework: Framework, session_id: str, key: str) -> dict:
    """The session, its members' answers (names only where given) and its action plan
    (one entry per action taken on, in action-id order) as plain data.

    For the facilitator only, and it says so first: names stand beside answers."""
    from readiness.store.plans import session_plan  # checks the key

    plan = session_plan(store, session_id, key)
    session = session_by_id(store, session_id)
    return {
        "note": FACILITATOR_ONLY_NOTE,
        "format": SESSION_EXPORT_FORMAT,
        "format_version": 1,
        "session": {"project": session.project, "area": session.area,
                    "round": session.round, "language": session.language,
                    "join_code": session.join_code, "framework": framework.id,
                    "framework_version": session.framework_version,
                    "created_at": session.created_at.isoformat()},
        "members": [{"display_name": name, "role": role, "answers": answers}
                    for name, role, answers in _member_rows(store, session_id)],
        "plan": [{"action": item.action_id, "owner": item.owner, "due": item.due,
                  "status": item.status, "updated_at": item.updated_at.isoformat()}
                 for item in plan],
    }
