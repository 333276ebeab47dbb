"""The browser's copy of answers until the store has them (see ``bridge.py``).

The page's browser notes every answer and note as the person gives it, under the
assessment's id, before the kernel has seen it, and forgets each one when the kernel
reports it stored. Answers given while the kernel or the server is gone thus survive a
reload: the next kernel stores them. The browser knows questions by their CSS class and
answers by their position among the options; this module translates both ways.
"""

from __future__ import annotations

import json
import math
from datetime import UTC, datetime

from readiness.framework.conditions import DONT_KNOW
from readiness.framework.model import Framework
from readiness.render.advice import PLAN_STATUS_KEYS

MEMORY_PREFIX = "rw-unsaved:"
"""The browser keeps an assessment's unsaved answers under this prefix and its id."""
MAX_ENTRIES = 500


def question_class(item_id: str) -> str:
    return f"rw-q-{item_id.replace('.', '-')}"


def note_class(dimension_id: str) -> str:
    return f"rw-note-{dimension_id.replace('.', '-')}"


def plan_class(action_id: str) -> str:
    return f"rw-planned-{action_id.replace('.', '-')}"


PLAN_STATUS_ORDER = tuple(PLAN_STATUS_KEYS)
"""The statuses in the order the plan row's list shows them (the browser notes a position)."""


def plan_text(entry: dict) -> str:
    """A plan item's fields as the browser notes them: JSON ``[owner, due, status index]``."""
    return json.dumps([entry["owner"], entry["due"], PLAN_STATUS_ORDER.index(entry["status"])],
                      ensure_ascii=False, separators=(",", ":"))


def option_values(framework: Framework, item) -> list:
    """The values of a question's choices, in the order the page shows them."""
    return [option.value for option in item.options] + [DONT_KNOW]


class AnswerJournal:
    """Translates the browser's entries ("q:<class>" -> option index, "n:<class>" -> text)
    into answers and notes, and answers into the message that settles an entry."""

    def __init__(self, framework: Framework):
        self.framework = framework
        self._items = {question_class(item.id): item
                       for item in (*framework.gates, *framework.questions)}
        self._dimensions = {note_class(d.id): d.id for d in framework.dimensions}
        self._actions = {plan_class(a.id): a.id for a in framework.actions}

    def settled_message(self, kind: str, key: str, value) -> dict | None:
        """What tells the browser it may forget an entry (None: nothing it could hold)."""
        if kind == "note":
            return {"type": "settled", "key": f"n:{note_class(key)}", "value": value}
        if kind == "plan":
            if value is None:  # let go: the browser holds no row for it any more
                return None
            return {"type": "settled", "key": f"p:{plan_class(key)}", "value": plan_text(value)}
        item = self.framework_item(key)
        if item is None:
            return None
        values = option_values(self.framework, item)
        if value not in values:
            return None
        return {"type": "settled", "key": f"q:{question_class(key)}",
                "value": values.index(value)}

    def framework_item(self, item_id: str):
        return self._items.get(question_class(item_id))

    def read(self, text: str) -> tuple[dict, dict, dict]:
        """The browser's entries as ({question id: (value, given at)},
        {dimension id: (text, typed at)}, {action id: ({owner, due, status}, typed at)});
        anything malformed or unknown is left out, so a tampered or outdated entry can
        only be ignored, never stored as something else."""
        try:
            entries = json.loads(text)
        except (TypeError, ValueError, RecursionError):
            return {}, {}, {}
        if not isinstance(entries, dict):
            return {}, {}, {}
        answers: dict = {}
        notes: dict = {}
        plan: dict = {}
        for key, entry in list(entries.items())[:MAX_ENTRIES]:
            if not isinstance(key, str) or not isinstance(entry, dict):
                continue
            when = _moment(entry.get("t"))
            value = entry.get("v")
            if when is None:
                continue
            kind, _, css = key.partition(":")
            if kind == "q" and css in self._items and _is_index(value):
                values = option_values(self.framework, self._items[css])
                if value < len(values):
                    answers[self._items[css].id] = (values[value], when)
            elif kind == "n" and css in self._dimensions and isinstance(value, str):
                notes[self._dimensions[css]] = (value, when)
            elif kind == "p" and css in self._actions:
                entry = _plan_entry(value)
                if entry is not None:
                    plan[self._actions[css]] = (entry, when)
        return answers, notes, plan


def _is_index(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _moment(milliseconds) -> datetime | None:
    if not isinstance(milliseconds, int | float) or isinstance(milliseconds, bool):
        return None
    if not math.isfinite(milliseconds) or not 0 < milliseconds < 1e14:
        return None
    return datetime.fromtimestamp(milliseconds / 1000, UTC)


def _plan_entry(value) -> dict | None:
    """``[owner, due, status index]`` as the browser wrote it, or None if it is anything
    else (the store checks the texts' content and length when they are saved)."""
    if not isinstance(value, str):
        return None
    try:
        fields = json.loads(value)
    except (ValueError, RecursionError):
        return None
    if (not isinstance(fields, list) or len(fields) != 3
            or not all(isinstance(field, str) for field in fields[:2])
            or not _is_index(fields[2]) or fields[2] >= len(PLAN_STATUS_ORDER)):
        return None
    return {"owner": fields[0], "due": fields[1], "status": PLAN_STATUS_ORDER[fields[2]]}
