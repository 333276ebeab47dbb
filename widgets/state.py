"""The state of one workbook page: a thin, observable wrapper around the core.

Views observe its traits and call its methods; every rule (validation, scoring, flags,
storage) is the core's. Traits are replaced, never edited in place, so observers fire.
"""

from __future__ import annotations

from datetime import datetime

from traitlets import Any, Dict, HasTraits, Unicode

from readiness.errors import ReadinessError
from readiness.evaluation import evaluate
from readiness.exchange import (
    AssessmentFile,
    export_json,
    import_assessment,
    read_assessment_bytes,
)
from readiness.framework import Framework
from readiness.i18n import LANGUAGES
from readiness.store import Store


class WorkbookState(HasTraits):
    """One assessment as a page sees it: who answers, the answers, and what they lead to."""

    language = Unicode("en", help="UI language: en, sv or da")
    record = Any(None, allow_none=True, help="The AssessmentRecord, None before one is open")
    answers = Dict(help="question or gate id -> level, option value or dont_know")
    notes = Dict(help="dimension id -> note text")
    evaluation = Any(help="readiness.evaluation.Evaluation of the current answers")
    saved_at = Any(None, allow_none=True, help="When the last change reached the store")
    error = Unicode("", help="The last problem, worded for a person; empty when none")

    def __init__(self, framework: Framework, store: Store, language: str = "en"):
        super().__init__(language=language if language in LANGUAGES else "en")
        self.framework = framework
        self.store = store
        self.evaluation = evaluate(framework, {})

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
        self.answers = {qid: answer.value for qid, answer in stored.items()}
        self.notes = {did: note.text for did, note in notes.items()}
        times = [a.answered_at for a in stored.values()] + [n.updated_at for n in notes.values()]
        self.saved_at = max(times, default=record.updated_at)
        self.evaluation = evaluate(self.framework, self.answers)
        self.error = ""
        self.language = record.language
        self.record = record

    # -- changing ----------------------------------------------------------------------
    def answer(self, item_id: str, value) -> None:
        """Store one answer at once, then update the evaluation."""
        if self.record is None:
            return
        if value is None:
            self._attempt(lambda: self.store.clear_answer(self.record.id, item_id))
            answers = {k: v for k, v in self.answers.items() if k != item_id}
        else:
            self._attempt(
                lambda: self.store.save_answer(self.framework, self.record.id, item_id, value))
            answers = {**self.answers, item_id: value}
        if not self.error:
            self.answers = answers
            self.evaluation = evaluate(self.framework, answers)

    def save_note(self, dimension_id: str, text: str) -> None:
        if self.record is None:
            return
        self._attempt(lambda: self.store.save_note(self.record.id, dimension_id, text))
        if not self.error:
            self.notes = {**self.notes, dimension_id: text}

    def set_language(self, language: str) -> None:
        if language not in LANGUAGES or language == self.language:
            return
        if self.record is not None:
            self._attempt(
                lambda: self.store.update_assessment(self.record.id, language=language))
        self.language = language

    def _attempt(self, write) -> None:
        try:
            result = write()
        except ReadinessError as exc:
            self.error = str(exc)
            return
        self.error = ""
        self.saved_at = result if isinstance(result, datetime) else datetime.now().astimezone()

    # -- files ---------------------------------------------------------------------------
    def export_json(self) -> str:
        return export_json(self.store, self.record.id)

    def check_upload(self, data: bytes, name: str) -> AssessmentFile:
        """Check an uploaded file completely; raises AssessmentFileError with the reason."""
        return read_assessment_bytes(data, self.framework, name)

    def import_checked(self, checked: AssessmentFile, replace: bool = False) -> None:
        import_assessment(self.store, checked, replace=replace)
        self._open(checked.record.id)
