"""The state of the trainer's page (the case and mode chosen, the exercise handed out, its
trainees, the assessments chosen for comparison) and of a trainee's case exercise (finished
or not, the reference released or not). Both follow the store on the bridge's ticks."""

from __future__ import annotations

from collections import Counter
from urllib.parse import urlencode

from traitlets import Bool, Enum, Instance, List, Unicode, observe

from readiness.errors import ReadinessError
from readiness.framework.model import Framework
from readiness.i18n.languages import pick
from readiness.i18n.ui_text import ui
from readiness.store import Store
from readiness.store import exercises as stored
from readiness.store.exercises import RELEASES, Exercise, Trainee
from readiness.store.sessions import SessionRecord, create_session, session_by_id
from readiness.training.cases import Case, load_cases
from readiness.training.exercises import answers_to_finish, may_reveal, overlay_series
from readiness.training.guide import guide_html
from readiness_widgets.shared.model import PageModel


class TrainerModel(PageModel):
    """What the trainer has chosen and handed out; the views bind to these traits."""

    case_id = Unicode(help="The case chosen")
    mode = Enum(("alone", "group"), default_value="alone",
                help="alone: each trainee answers on the exercise's link; group: a session")
    release = Enum(RELEASES, default_value="trainer",
                   help="When trainees of the next exercise see the reference: when the "
                        "trainer shows it, or each once they have finished answering")
    exercise = Instance(Exercise, allow_none=True,
                        help="The exercise last handed out on the case (alone), if any")
    exercise_link = Unicode("", help="Its link, handed out to the trainees")
    trainees = List(Instance(Trainee), help="The trainees of that exercise, first started first")
    session = Instance(SessionRecord, allow_none=True,
                       help="The group session started on the case, if any")
    session_key = Unicode("", help="Its facilitator key (shown once where no view opens)")
    options = List(help="What may be compared, as (label, value): case references, then "
                        "every exercise answered alone (value case:ID or assessment:ID)")
    chosen = List(Unicode(), help="Comparison picks: case:ID or assessment:ID")
    compared = List(help="The chart series of the last comparison")
    problem = Unicode("", help="Why the last step failed, worded for a person")

    def __init__(self, framework: Framework, store: Store, language: str, workbook_url: str):
        self.framework, self.store, self.language = framework, store, language
        self.workbook_url = workbook_url
        self.cases = {case.id: case for case in load_cases(framework)}
        super().__init__()
        self.case_id = next(iter(self.cases), "")  # reads the case's last exercise
        self.refresh()

    @property
    def case(self) -> Case:
        return self.cases[self.case_id]

    @observe("case_id")
    def _on_case(self, _change) -> None:
        self._show_exercise(stored.latest_exercise(self.store, self.case_id))

    def _show_exercise(self, exercise: Exercise | None) -> None:
        link = ""
        if exercise is not None:
            query = urlencode({"case": exercise.id, "lang": self.language})
            link = f"{self.workbook_url}?{query}"
        self.set_state({"exercise": exercise, "exercise_link": link,
                        "trainees": stored.trainees(self.store, exercise.id) if exercise else []})

    # -- handing out -------------------------------------------------------------------
    def start(self) -> SessionRecord | None:
        """Hand out the chosen case: a new exercise with its link (alone), or a new group
        session linked to the case (returned, with its key in ``session_key``)."""
        case, language = self.case, self.language
        try:
            if self.mode == "alone":
                self._show_exercise(stored.create_exercise(self.store, case.id, self.release))
                self.problem = ""
                return None
            session, key = create_session(self.store, self.framework,
                                          project=pick(case.title, language),
                                          area=pick(case.setting, language), language=language)
            self.store.link_case(session.id, case.id)
        except ReadinessError as exc:
            self.problem = str(exc)
            return None
        self.set_state({"session": session, "session_key": key, "problem": ""})
        return session

    def set_released(self, released: bool) -> bool:
        """Show the reference to every trainee of the exercise, or hold it back again."""
        if self.exercise is None:
            return False
        try:
            exercise = stored.set_released(self.store, self.exercise.id, released)
        except ReadinessError as exc:
            self.problem = str(exc)
            return False
        self.set_state({"exercise": exercise, "problem": ""})
        return True

    def guide(self) -> tuple[str, str]:
        """The printable guide to the chosen case: (file name, HTML)."""
        case = self.case
        return (f"guide-{case.id}-{self.language}.html",
                guide_html(self.framework, case, self.language))

    # -- following the store -----------------------------------------------------------
    def refresh(self) -> None:
        """Read the case's exercise, its trainees and the comparison list again (on every
        tick); a trait changes only when what is stored has changed."""
        with self.hold_trait_notifications():
            if self.case_id:
                self._show_exercise(stored.latest_exercise(self.store, self.case_id))
            self.options = self._compare_options()

    # -- comparing ---------------------------------------------------------------------
    def trainee_label(self, row: Trainee) -> str:
        language = self.language
        started = row.record.created_at.astimezone().strftime("%H:%M")
        parts = [row.display_name or ui("trainee_no_name", language),
                 ui(f"role_{row.record.role}", language), row.record.project,
                 ui("trainee_label_started", language, time=started)]
        if row.finished_at is not None:
            parts.append(ui("col_finished", language).lower())
        return " · ".join(parts)

    def _compare_options(self) -> list[tuple[str, str]]:
        language = self.language
        options = [(f"{ui('reference', language)}: {pick(case.title, language)}",
                    f"case:{case.id}") for case in self.cases.values()]
        rows = list(reversed(stored.trainees(self.store)))  # newest first
        labels = [self.trainee_label(row) for row in rows]
        seen, counts = Counter(), Counter(labels)
        for row, label in zip(rows, labels, strict=True):
            if counts[label] > 1:  # two trainees without names who started in one minute
                seen[label] += 1
                label = f"{label} ({seen[label]})"
            options.append((label, f"assessment:{row.record.id}"))
        return options

    def compare_options(self) -> list[tuple[str, str]]:
        """Every case reference, then every exercise answered alone (never a group
        session's member), as (label, value)."""
        return list(self.options)

    def compare(self, labels: dict[str, str]) -> bool:
        """Draw the chosen profiles on one chart; ``labels``: value -> label shown."""
        if len(self.chosen) < 2:
            self.problem = ui("compare_pick_two", self.language)
            return False
        try:
            named = [self._named_answers(choice, labels) for choice in self.chosen]
        except ReadinessError as exc:
            self.problem = str(exc)
            return False
        self.set_state({"compared": overlay_series(self.framework, named), "problem": ""})
        return True

    def _named_answers(self, choice: str, labels: dict[str, str]) -> tuple[str, dict]:
        kind, _, identifier = choice.partition(":")
        if kind == "case":
            case = self.cases[identifier]
            return (f"{ui('reference', self.language)}: {pick(case.title, self.language)}",
                    case.answers)
        if identifier not in {record.id for record in self.store.exercise_assessments()}:
            raise ReadinessError(ui("not_found", self.language))  # e.g. joined a session since
        return labels[choice], self.store.answer_values(identifier)


class CaseExerciseModel(PageModel):
    """A trainee's exercise on a case: whether they have finished answering and whether
    they may see the reference and what happened (``may_reveal``)."""

    release = Enum((*RELEASES, "group"), default_value="finished",
                   help="trainer: when the trainer shows it; finished: once this trainee "
                        "has finished; group: a session's member, when the facilitator "
                        "shows the group's results")
    released = Bool(False, help="The trainer (or, in a session, the facilitator) shows it")
    finished = Bool(False, help="The trainee has said they finished answering")
    may_reveal = Bool(False, help="The trainee may see the reference and what happened")
    problem = Unicode("", help="Why the last step failed, worded for a person")

    def __init__(self, framework: Framework, store: Store, case: Case, assessment_id: str,
                 language: str):
        super().__init__()
        self.framework, self.store, self.case = framework, store, case
        self.assessment_id, self.language = assessment_id, language
        self.session_id = store.session_id_of(assessment_id)
        self.refresh()

    def refresh(self) -> None:
        """Read what is stored (on every tick: the trainer may show the reference now)."""
        if self.session_id is not None:
            release, finished = "group", False
            released = session_by_id(self.store, self.session_id).revealed
        else:
            row = stored.trainee(self.store, self.assessment_id)
            exercise = row.exercise if row is not None else None
            release = exercise.release if exercise is not None else "finished"
            released = exercise.released if exercise is not None else False
            finished = row is not None and row.finished_at is not None
        self.set_state({"release": release, "released": released, "finished": finished,
                        "may_reveal": may_reveal(release, released, finished)})

    def finish(self, answered: int) -> bool:
        """The trainee has finished answering (with ``answered`` items answered)."""
        needed = answers_to_finish(self.framework)
        if answered < needed:
            total = len(self.framework.gates) + len(self.framework.questions)
            self.problem = ui("exercise_finish_needs", self.language, n=needed, total=total,
                              count=answered)
            return False
        try:
            stored.mark_finished(self.store, self.assessment_id)
        except ReadinessError as exc:
            self.problem = str(exc)
            return False
        self.problem = ""
        self.refresh()
        return True
