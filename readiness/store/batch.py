"""Writing many whole assessments at once (``readiness import`` of many files, synthetic
studies, benchmarks): one transaction per batch, each table's rows in one executemany.

``Store.put_record`` writes one assessment in a transaction of its own; for 100,000
that is 100,000 transactions (minutes on SQLite). :func:`put_records` writes a batch of
them, all of it or, on error, nothing, with SQLAlchemy Core statements only, so it runs on
every database the store runs on.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from itertools import islice

from sqlalchemy import bindparam, delete, select, update

from ..errors import ReadinessError
from . import tables
from .repository import AssessmentRecord, Store, StoredAnswer, StoredNote, encode_value

BATCH = 2_000
"""Assessments per transaction in :func:`put_batches` (about 80,000 answer rows)."""
_IN_LIMIT = 500  # ids per IN (...) list: well under every database's parameter limit


@dataclass(frozen=True)
class WholeAssessment:
    """An assessment as ``put_record`` takes it."""

    record: AssessmentRecord
    answers: Mapping[str, StoredAnswer] = field(default_factory=dict)
    notes: Mapping[str, StoredNote] = field(default_factory=dict)
    plan: Sequence = ()
    """Its action plan (``readiness.store.plans.PlanItem``)."""


def _chunks(items: Sequence, size: int) -> Iterable[Sequence]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def put_records(store: Store, items: Sequence[WholeAssessment], *,
                replace: bool = False) -> int:
    """Write whole assessments (as ``Store.put_record`` does one) in one transaction:
    all of them or, on error, none. Return how many were written.

    An id given twice, or already stored while ``replace`` is False, raises
    ``ReadinessError`` naming it, and nothing is written. With ``replace``, a stored
    assessment keeps its row (and so its group-session membership) and has its fields,
    answers, notes and plan replaced."""
    ids = [item.record.id for item in items]
    if len(set(ids)) != len(ids):
        twice = sorted({i for i in ids if ids.count(i) > 1})
        raise ReadinessError(f"assessment {', '.join(twice)} is given more than once; "
                             "nothing was written")
    if not items:
        return 0
    a, plan = tables.assessments, tables.plan_items
    with store.engine.begin() as connection:
        stored: set[str] = set()
        for part in _chunks(ids, _IN_LIMIT):
            stored.update(connection.execute(select(a.c.id).where(a.c.id.in_(part))).scalars())
        if stored and not replace:
            named = ", ".join(sorted(stored)[:5]) + (" …" if len(stored) > 5 else "")
            raise ReadinessError(
                f"{len(stored)} of these assessments are already in the store ({named}); "
                "nothing was written (import with --replace to overwrite them)")
        if stored:
            old = sorted(stored)
            for part in _chunks(old, _IN_LIMIT):
                for table in (tables.answers, tables.notes):
                    connection.execute(delete(table).where(table.c.assessment_id.in_(part)))
                connection.execute(delete(plan).where(
                    (plan.c.plan_kind == tables.PLAN_OF_ASSESSMENT) & plan.c.plan_id.in_(part)))
            fields = [name for name in AssessmentRecord.__dataclass_fields__ if name != "id"]
            connection.execute(
                update(a).where(a.c.id == bindparam("old_id"))
                .values({name: bindparam(name) for name in fields}),
                [{**{k: v for k, v in asdict(item.record).items() if k != "id"},
                  "old_id": item.record.id} for item in items if item.record.id in stored])
        new = [asdict(item.record) for item in items if item.record.id not in stored]
        if new:
            connection.execute(a.insert(), new)
        answers = [{"assessment_id": item.record.id, "question_id": qid,
                    "value": encode_value(answer.value), "answered_at": answer.answered_at,
                    "framework_version": answer.framework_version
                    or item.record.framework_version}
                   for item in items for qid, answer in item.answers.items()]
        if answers:
            connection.execute(tables.answers.insert(), answers)
        notes = [{"assessment_id": item.record.id, "dimension_id": did, "text": note.text,
                  "updated_at": note.updated_at}
                 for item in items for did, note in item.notes.items()]
        if notes:
            connection.execute(tables.notes.insert(), notes)
        plans = [{"plan_kind": tables.PLAN_OF_ASSESSMENT, "plan_id": item.record.id,
                  "action_id": row.action_id, "owner": row.owner, "due": row.due,
                  "status": row.status, "updated_at": row.updated_at}
                 for item in items for row in item.plan]
        if plans:
            connection.execute(plan.insert(), plans)
    return len(items)


def put_batches(store: Store, items: Iterable[WholeAssessment], *, size: int = BATCH,
                replace: bool = False) -> int:
    """:func:`put_records` for any number of assessments, ``size`` per transaction (a
    failing batch leaves the batches before it written); return how many were written."""
    written = 0
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        written += put_records(store, batch, replace=replace)
    return written
