"""The state of one workbook page: a thin, observable wrapper around the core.

Views observe its traits and call its methods; every rule (validation, scoring, flags,
storage) is the core's. Traits are replaced, never edited in place, so observers fire.
"""

from __future__ import annotations

from datetime import datetime

from traitlets import Dict, Instance, Unicode

from readiness.errors import ReadinessError, StoreUnavailable
from readiness.exchange.assessment_file import (
    AssessmentFile,
    export_json,
    import_assessment,
    read_assessment_bytes,
)
from readiness.framework.model import Framework
from readiness.scoring.evaluation import Evaluation, evaluate
from readiness.store import AssessmentRecord, Store
from readiness.store.plans import assessment_plan, remove_plan_item, save_plan_item
from readiness_widgets.shared.model import PageModel


def plan_entry(owner: str = "", due: str = "", status: str = "planned") -> dict:
    """One action taken on, as the page holds it."""
    return {"owner": owner, "due": due, "status": status}


class WorkbookState(PageModel):
    """One assessment as a page sees it: who answers, the answers, and what they lead to."""

    language = Unicode("en", help="UI language: en, sv or da")
    record = Instance(AssessmentRecord, allow_none=True, help="None before one is open")
    answers = Dict(help="question or gate id -> level, option value or dont_know")
    notes = Dict(help="dimension id -> note text")
    retired = Dict(help="Stored answers to questions the framework has since replaced or "
                        "dropped: kept in the store, never scored")
    evaluation = Instance(Evaluation, help="What the current answers lead to")
    saved_at = Instance(datetime, allow_none=True, help="When the last change reached the store")
    error = Unicode("", help="Why the last input was refused, worded for a person; or empty")
    unsaved = Dict(help="Answers given but not yet in the store (it was unavailable): "
                        "question or gate id -> value (None: a cleared answer)")
    unsaved_notes = Dict(help="Notes typed but not yet in the store: dimension id -> text")
    plan = Dict(help="The actions taken on: action id -> {owner, due, status}")
    unsaved_plan = Dict(help="Plan changes not yet in the store: action id -> "
                             "{owner, due, status}, or None for an action let go")
    store_problem = Unicode("", help="Why the store could not be written; empty once "
                                     "everything given is stored")

    def __init__(self, framework: Framework, store: Store, language: str = "en"):
        super().__init__(language=language if language in framework.languages else "en")
        self.framework = framework
        self.store = store
        self.evaluation = evaluate(framework, {})
        self._settled: list = []

    # -- opening -----------------------------------------------------------------------
    def create(self, project: str, area: str, role: str) -> None:
        record = self.store.create_assessment(
            self.framework, project=project, area=area, role=role, language=self.language)
        self._open(record.id)

    def resume(self, assessment_id: str) -> bool:
        """Open a stored assessment; False (and a message) when there is none."""
        if not self.store.has_assessment(assessment_id):
            return False
        self._open(assessment_id)
        return True

    def _open(self, assessment_id: str) -> None:
        record = self.store.get_assessment(assessment_id)
        stored = self.store.answers(assessment_id)
        notes = self.store.notes(assessment_id)
        plan = assessment_plan(self.store, assessment_id)
        times = [a.answered_at for a in stored.values()] + [n.updated_at for n in notes.values()]
        # One burst of notifications, every trait already new: a page that follows the
        # record and the language builds once, in the assessment's own language.
        with self.hold_trait_notifications():
            self.answers, self.retired = self.framework.split_answers(
                {qid: answer.value for qid, answer in stored.items()})
            self.notes = {did: note.text for did, note in notes.items()}
            self.plan = {item.action_id: plan_entry(item.owner, item.due, item.status)
                         for item in plan}
            self.saved_at = max(times, default=record.updated_at)
            self.evaluation = evaluate(self.framework, self.answers)
            self.error = ""
            self.unsaved, self.unsaved_notes, self.unsaved_plan = {}, {}, {}
            self.store_problem = ""
            self.language = record.language
            self.record = record

    def close(self) -> None:
        """Close the open assessment (it stays in the store as it is): the page shows its
        route again, e.g. the join page for a member who starts afresh."""
        with self.hold_trait_notifications():
            self.answers, self.retired, self.notes, self.plan = {}, {}, {}, {}
            self.evaluation = evaluate(self.framework, {})
            self.saved_at, self.error = None, ""
            self.unsaved, self.unsaved_notes, self.unsaved_plan = {}, {}, {}
            self.record = None

    # -- changing ----------------------------------------------------------------------
    def answer(self, item_id: str, value) -> None:
        """Store one answer at once, then update the evaluation.

        An answer the store cannot take now (``StoreUnavailable``) is kept in ``unsaved``
        and shown as given; ``retry_unsaved`` stores it later. An answer the core refuses
        is not kept, and ``answers`` keeps the stored value (the view follows it)."""
        if self.record is None:
            return
        if not self._write_answer(item_id, value):
            self.answers = dict(self.answers)  # a refused answer: views fall back
            return
        answers = {k: v for k, v in self.answers.items() if k != item_id}
        if value is not None:
            answers[item_id] = value
        self.answers = answers
        self.evaluation = evaluate(self.framework, answers)

    def save_note(self, dimension_id: str, text: str) -> None:
        if self.record is None:
            return
        if self._write_note(dimension_id, text):
            self.notes = {**self.notes, dimension_id: text}

    def set_plan(self, action_id: str, entry: dict | None) -> None:
        """Take an action on (``entry``: owner, due, status) or let it go (None), stored at
        once like an answer; a change the core refuses leaves ``plan`` as stored."""
        if self.record is None:
            return
        if entry is not None:
            entry = plan_entry(**entry)
        if not self._write_plan(action_id, entry):
            self.plan = dict(self.plan)  # refused: views fall back to the stored plan
            return
        plan = {k: v for k, v in self.plan.items() if k != action_id}
        if entry is not None:
            plan[action_id] = entry
        self.plan = plan

    def retry_unsaved(self) -> None:
        """Try again to store what the store could not take; stop at the first failure."""
        if self.record is None:
            return
        for item_id, value in list(self.unsaved.items()):
            self._write_answer(item_id, value)
            if item_id in self.unsaved:
                return  # still unavailable: the next tick tries again
        for dimension_id, text in list(self.unsaved_notes.items()):
            self._write_note(dimension_id, text)
            if dimension_id in self.unsaved_notes:
                return
        for action_id, entry in list(self.unsaved_plan.items()):
            self._write_plan(action_id, entry)
            if action_id in self.unsaved_plan:
                return

    def restore(self, answers: dict, notes: dict, plan: dict | None = None) -> None:
        """Store what the browser kept while the page had no connection (a dead kernel or
        server): ``answers`` maps question id -> (value, when given), ``notes`` dimension
        id -> (text, when typed), ``plan`` action id -> ({owner, due, status}, when typed).
        Anything the store holds a newer version of is skipped."""
        if self.record is None:
            return
        stored = self.store.answers(self.record.id)
        for item_id, (value, given_at) in answers.items():
            if item_id in stored and stored[item_id].answered_at >= given_at:
                self._announce("answer", item_id, value)  # outdated: the browser drops it
            else:
                self.answer(item_id, value)
        stored_notes = self.store.notes(self.record.id)
        for dimension_id, (text, typed_at) in notes.items():
            if dimension_id in stored_notes and stored_notes[dimension_id].updated_at >= typed_at:
                self._announce("note", dimension_id, text)
            else:
                self.save_note(dimension_id, text)
        stored_plan = {item.action_id: item for item in assessment_plan(self.store,
                                                                        self.record.id)}
        for action_id, (entry, typed_at) in (plan or {}).items():
            item = stored_plan.get(action_id)
            if item is not None and item.updated_at >= typed_at:
                self._announce("plan", action_id, entry)
            else:
                self.set_plan(action_id, entry)

    def on_settled(self, callback) -> None:
        """Call ``callback(kind, key, value)`` when an answer ("answer", item id, value) or a
        note ("note", dimension id, text) has reached the store, or was refused for good:
        the page's browser then stops keeping its own copy."""
        self._settled.append(callback)

    def _write_answer(self, item_id: str, value) -> bool:
        """True when the answer is stored, or kept to store later; False when refused."""
        record_id = self.record.id
        if value is None:
            write = lambda: self.store.clear_answer(record_id, item_id)  # noqa: E731
        else:
            write = lambda: self.store.save_answer(  # noqa: E731
                self.framework, record_id, item_id, value)
        return self._write("answer", "unsaved", item_id, value, write)

    def _write_note(self, dimension_id: str, text: str) -> bool:
        record_id = self.record.id
        return self._write("note", "unsaved_notes", dimension_id, text,
                           lambda: self.store.save_note(record_id, dimension_id, text))

    def _write_plan(self, action_id: str, entry: dict | None) -> bool:
        record_id = self.record.id
        if entry is None:
            write = lambda: remove_plan_item(self.store, record_id, action_id)  # noqa: E731
        else:
            write = lambda: save_plan_item(  # noqa: E731
                self.store, self.framework, record_id, action_id, **entry)
        return self._write("plan", "unsaved_plan", action_id, entry, write)

    def _write(self, kind: str, waiting: str, key: str, value, write) -> bool:
        """Run ``write``; keep ``key`` in the ``waiting`` trait while the store is away."""
        outcome = self._attempt(write)
        others = {k: v for k, v in getattr(self, waiting).items() if k != key}
        if outcome == "kept":
            setattr(self, waiting, {**others, key: value})
            return True
        setattr(self, waiting, others)
        if not self.unsaved and not self.unsaved_notes and not self.unsaved_plan:
            self.store_problem = ""
        self._announce(kind, key, value)
        return outcome == "stored"

    def _announce(self, kind: str, key: str, value) -> None:
        for callback in list(self._settled):
            callback(kind, key, value)

    def set_language(self, language: str) -> None:
        if language not in self.framework.languages or language == self.language:
            return
        if self.record is not None:
            self._attempt(
                lambda: self.store.update_assessment(self.record.id, language=language))
        self.language = language

    def _attempt(self, write) -> str:
        """Run one write: "stored", "kept" (the store is unavailable; try again later) or
        "refused" (the input is wrong; ``error`` says why)."""
        try:
            result = write()
        except StoreUnavailable as exc:
            self.store_problem = str(exc)
            return "kept"
        except ReadinessError as exc:
            self.error = str(exc)
            return "refused"
        self.error = ""
        self.saved_at = result if isinstance(result, datetime) else datetime.now().astimezone()
        return "stored"

    # -- files ---------------------------------------------------------------------------
    def export_json(self) -> str:
        return export_json(self.store, self.record.id)

    def check_upload(self, data: bytes, name: str) -> AssessmentFile:
        """Check an uploaded file completely; raises AssessmentFileError with the reason."""
        return read_assessment_bytes(data, self.framework, name)

    def import_checked(self, checked: AssessmentFile, replace: bool = False) -> None:
        import_assessment(self.store, checked, replace=replace)
        self._open(checked.record.id)
