"""Action plans: the actions a group takes on, who does each and by when, how far it got.

A plan belongs to an assessment (one person, or a steering group answering together on one
page) or to a group session: the facilitator's, so every call on a session's plan takes the
facilitator key and checks it, as every other session call does (``sessions.py``). A plan
holds at most one item per action, and only actions of the framework. Who (``owner``) and
by when (``due``) are optional free text, kept exactly as typed under the rules for names
(``check_text``): people write "before summer", which is no date.

Every change is written at once in one transaction, like an answer: a store that cannot
be written raises ``StoreUnavailable`` and keeps what it held, and a refused input raises
``ReadinessError`` before anything is written.

At the next round of a project (``sessions.next_round``) the facilitator's page shows the
plan of the round before (``previous_round_plan``) and marks how far each of its items got
(``mark_previous_round_item``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import Connection, delete, select, update

from readiness.errors import NotFoundError, ReadinessError
from readiness.framework.model import Framework
from readiness.store import Store, tables
from readiness.store.repository import (
    MAX_NAME_CHARS,
    _upsert,
    as_utc,
    check_text,
    touch_assessment,
    utc_now,
)

if TYPE_CHECKING:
    from readiness.store.sessions import SessionRecord

PLAN_STATUSES: tuple[str, ...] = ("planned", "in_progress", "done", "dropped")
"""Where an item stands; a new item is ``planned`` unless said otherwise."""
DEFAULT_STATUS = "planned"

_KEYS = ("plan_kind", "plan_id", "action_id")
_SHOWN_CHARS = 60


@dataclass(frozen=True)
class PlanItem:
    """One action a plan takes on."""

    action_id: str
    owner: str
    """Who does it: free text, "" when nobody is named yet."""
    due: str
    """By when: free text, "" when not said."""
    status: str
    """One of PLAN_STATUSES."""
    updated_at: datetime


@dataclass(frozen=True)
class RoundPlan:
    """The plan of one round of a project (a session), with the round it belongs to."""

    session: SessionRecord
    items: tuple[PlanItem, ...]


def _shown(value: object) -> str:
    """A value in a message: quoted, and never a page long."""
    text = repr(value)
    return text if len(text) <= _SHOWN_CHARS else text[:_SHOWN_CHARS] + "…"


# -- checks (no store needed: the file import uses them too) -------------------------------

def check_action(framework: Framework, action_id: object) -> str:
    if not isinstance(action_id, str) or action_id not in {a.id for a in framework.actions}:
        raise ReadinessError(f"unknown action {_shown(action_id)}: the framework "
                             f"{framework.id} has no such action")
    return action_id


def check_status(status: object) -> str:
    if not isinstance(status, str) or status not in PLAN_STATUSES:
        raise ReadinessError(f"unknown status {_shown(status)}; choose one of "
                             f"{', '.join(PLAN_STATUSES)}")
    return status


def check_plan_fields(framework: Framework, action_id: object, *, owner: object = None,
                      due: object = None, status: object = None) -> None:
    """Raise ReadinessError for an action outside the framework, an unknown status, or an
    owner or due date that breaks the rules for names (length, control characters).
    None means "not given" and passes."""
    check_action(framework, action_id)
    if owner is not None:
        check_text("owner (who)", owner, MAX_NAME_CHARS)
    if due is not None:
        check_text("due (by when)", due, MAX_NAME_CHARS)
    if status is not None:
        check_status(status)


# -- an assessment's plan ------------------------------------------------------------------

def save_plan_item(store: Store, framework: Framework, assessment_id: str, action_id: str, *,
                   owner: str | None = None, due: str | None = None,
                   status: str | None = None) -> PlanItem:
    """Take an action into an assessment's plan, or change its item (upsert); return it as
    stored. A field left None keeps what is stored (a new item: "", "", "planned")."""
    check_plan_fields(framework, action_id, owner=owner, due=due, status=status)
    now = utc_now()
    with store.engine.begin() as connection:
        used = connection.execute(
            select(tables.assessments.c.framework_id)
            .where(tables.assessments.c.id == assessment_id)).scalar()
        if used is None:
            raise NotFoundError(f"no assessment {assessment_id!r} in the store {store.url}")
        if used != framework.id:
            raise ReadinessError(f"the assessment uses the framework {used!r}, not "
                                 f"{framework.id!r}; nothing was saved")
        touch_assessment(connection, assessment_id, now, store.url)
        return _upsert_item(connection, tables.PLAN_OF_ASSESSMENT, assessment_id, action_id,
                            now, owner=owner, due=due, status=status)


def remove_plan_item(store: Store, assessment_id: str, action_id: str) -> bool:
    """Drop an action from an assessment's plan; False if it was not in it."""
    with store.engine.begin() as connection:
        touch_assessment(connection, assessment_id, utc_now(), store.url)
        return _delete_item(connection, tables.PLAN_OF_ASSESSMENT, assessment_id, action_id)


def assessment_plan(store: Store, assessment_id: str) -> list[PlanItem]:
    """An assessment's plan in action-id order (empty for none, like ``Store.answers``)."""
    return _items(store, tables.PLAN_OF_ASSESSMENT, assessment_id)


# -- a session's plan: the facilitator's, behind the key -------------------------------------

def save_session_plan_item(store: Store, framework: Framework, session_id: str, key: str,
                           action_id: str, *, owner: str | None = None,
                           due: str | None = None, status: str | None = None) -> PlanItem:
    """``save_plan_item`` for a session's plan, with the facilitator key."""
    _check_key(store, session_id, key)
    from readiness.store.sessions import session_by_id

    session = session_by_id(store, session_id)
    if session.framework_id != framework.id:
        raise ReadinessError(f"the session uses the framework {session.framework_id!r}, "
                             f"not {framework.id!r}; nothing was saved")
    check_plan_fields(framework, action_id, owner=owner, due=due, status=status)
    with store.engine.begin() as connection:
        return _upsert_item(connection, tables.PLAN_OF_SESSION, session_id, action_id,
                            utc_now(), owner=owner, due=due, status=status)


def remove_session_plan_item(store: Store, session_id: str, key: str, action_id: str) -> bool:
    """Drop an action from a session's plan; False if it was not in it."""
    _check_key(store, session_id, key)
    with store.engine.begin() as connection:
        return _delete_item(connection, tables.PLAN_OF_SESSION, session_id, action_id)


def session_plan(store: Store, session_id: str, key: str) -> list[PlanItem]:
    """A session's plan in action-id order, for the facilitator."""
    _check_key(store, session_id, key)
    return plan_of_session(store, session_id)


def plan_of_session(store: Store, session_id: str) -> list[PlanItem]:
    """A session's plan without the key: for the store's owner (the command line) and for
    callers that have checked the key (reports); pages use ``session_plan``."""
    return _items(store, tables.PLAN_OF_SESSION, session_id)


def previous_round_plan(store: Store, session_id: str, key: str) -> RoundPlan | None:
    """The plan of the round before this session in its project (``rounds_of``), to show
    beside the new profile with its statuses; None for a project's first round. The
    round before may have an empty plan."""
    _check_key(store, session_id, key)
    earlier = _round_before(store, session_id)
    if earlier is None:
        return None
    return RoundPlan(earlier, tuple(plan_of_session(store, earlier.id)))


def mark_previous_round_item(store: Store, session_id: str, key: str, action_id: str,
                             status: str) -> PlanItem:
    """Mark how far an item of the round before got (done, in progress, dropped, ...),
    from the new round ``session_id``; return the item as stored. Only items that plan
    holds can be marked: nothing is added to an earlier round's plan."""
    _check_key(store, session_id, key)
    check_status(status)
    earlier = _round_before(store, session_id)
    if earlier is None:
        raise NotFoundError("this is the first round of its project: there is no earlier "
                            "plan to mark; nothing was changed")
    rows = tables.plan_items.c
    where = ((rows.plan_kind == tables.PLAN_OF_SESSION) & (rows.plan_id == earlier.id)
             & (rows.action_id == action_id))
    with store.engine.begin() as connection:
        result = connection.execute(update(tables.plan_items).where(where)
                                    .values(status=status, updated_at=utc_now()))
        if result.rowcount == 0:
            raise NotFoundError(f"the plan of the round before ({earlier.round!r}) has no "
                                f"action {_shown(action_id)}; nothing was changed")
        return _item(connection.execute(select(tables.plan_items).where(where))
                     .mappings().one())


# -- rows ---------------------------------------------------------------------------------

def _check_key(store: Store, session_id: str, key: str) -> None:
    # Group code is imported where a session's plan is used: an individual assessment's
    # page never loads it (tests/framework/test_cache.py).
    from readiness.store.sessions import check_facilitator

    check_facilitator(store, session_id, key)


def _round_before(store: Store, session_id: str) -> SessionRecord | None:
    from readiness.store.sessions import rounds_of

    rounds = rounds_of(store, session_id)
    index = [r.id for r in rounds].index(session_id)
    return rounds[index - 1] if index > 0 else None


def _upsert_item(connection: Connection, kind: str, plan_id: str, action_id: str,
                 now: datetime, **given: str | None) -> PlanItem:
    """Insert or change one item inside the caller's transaction; fields given as None
    keep what is stored. Returns the item as stored."""
    values = {"plan_kind": kind, "plan_id": plan_id, "action_id": action_id,
              "owner": given["owner"] if given["owner"] is not None else "",
              "due": given["due"] if given["due"] is not None else "",
              "status": given["status"] if given["status"] is not None else DEFAULT_STATUS,
              "updated_at": now}
    changed = [name for name, value in given.items() if value is not None]
    _upsert(connection, tables.plan_items, values, _KEYS, update=[*changed, "updated_at"])
    rows = tables.plan_items.c
    row = connection.execute(select(tables.plan_items).where(
        (rows.plan_kind == kind) & (rows.plan_id == plan_id) & (rows.action_id == action_id)
    )).mappings().one()
    return _item(row)


def _delete_item(connection: Connection, kind: str, plan_id: str, action_id: str) -> bool:
    rows = tables.plan_items.c
    result = connection.execute(delete(tables.plan_items).where(
        (rows.plan_kind == kind) & (rows.plan_id == plan_id) & (rows.action_id == action_id)))
    return result.rowcount > 0


def _items(store: Store, kind: str, plan_id: str) -> list[PlanItem]:
    rows = tables.plan_items.c
    query = (select(tables.plan_items)
             .where((rows.plan_kind == kind) & (rows.plan_id == plan_id))
             .order_by(rows.action_id))
    with store.engine.connect() as connection:
        return [_item(row) for row in connection.execute(query).mappings()]


def _item(row: Mapping) -> PlanItem:
    return PlanItem(row["action_id"], row["owner"], row["due"], row["status"],
                    as_utc(row["updated_at"]))
