"""The state of the trainer's page: the case and mode chosen, the exercise handed out, and
the assessments chosen for comparison."""

from __future__ import annotations

from urllib.parse import urlencode

from traitlets import Enum, Instance, List, Unicode

from readiness.errors import ReadinessError
from readiness.framework.model import Framework
from readiness.i18n.languages import pick
from readiness.i18n.ui_text import ui
from readiness.store import Store
from readiness.store.sessions import SessionRecord, create_session
from readiness.training.cases import Case, load_cases
from readiness.training.exercises import guide_html, overlay_series
from readiness_widgets.shared.model import PageModel


class TrainerModel(PageModel):
    """What the trainer has chosen and handed out; the views bind to these traits."""

    case_id = Unicode(help="The case chosen")
    mode = Enum(("alone", "group"), default_value="alone",
                help="alone: each trainee answers on their own link; group: a session")
    exercise_link = Unicode("", help="The link handed out for an exercise alone")
    session = Instance(SessionRecord, allow_none=True,
                       help="The group session started on the case, if any")
    session_key = Unicode("", help="Its facilitator key (shown once where no view opens)")
    chosen = List(Unicode(), help="Comparison picks: case:ID or assessment:ID")
    compared = List(help="The chart series of the last comparison")
    problem = Unicode("", help="Why the last step failed, worded for a person")

    def __init__(self, framework: Framework, store: Store, language: str, workbook_url: str):
        self.framework, self.store, self.language = framework, store, language
        self.workbook_url = workbook_url
        self.cases = {case.id: case for case in load_cases(framework)}
        super().__init__(case_id=next(iter(self.cases), ""))

    @property
    def case(self) -> Case:
        return self.cases[self.case_id]

    # -- handing out -------------------------------------------------------------------
    def start(self) -> SessionRecord | None:
        """Hand out the chosen case: a link for an exercise alone, or a new group session
        linked to the case (returned, with its key in ``session_key``)."""
        case, language = self.case, self.language
        if self.mode == "alone":
            query = urlencode({"case": case.id, "lang": language})
            self.set_state({"exercise_link": f"{self.workbook_url}?{query}", "problem": ""})
            return None
        try:
            session, key = create_session(self.store, self.framework,
                                          project=pick(case.title, language),
                                          area=pick(case.setting, language), language=language)
            self.store.link_case(session.id, case.id)
        except ReadinessError as exc:
            self.problem = str(exc)
            return None
        self.set_state({"session": session, "session_key": key, "exercise_link": "",
                        "problem": ""})
        return session

    def guide(self) -> tuple[str, str]:
        """The printable guide to the chosen case: (file name, HTML)."""
        case = self.case
        return (f"guide-{case.id}-{self.language}.html",
                guide_html(self.framework, case, self.language))

    # -- comparing ---------------------------------------------------------------------
    def compare_options(self) -> list[tuple[str, str]]:
        """Every case reference, then every exercise assessment (never a group session's
        member), as (label, value)."""
        language = self.language
        options = [(f"{ui('reference', language)}: {pick(case.title, language)}",
                    f"case:{case.id}") for case in self.cases.values()]
        for record in self.store.exercise_assessments():
            label = (f"{record.project} · {ui(f'role_{record.role}', language)} · "
                     f"{record.updated_at:%Y-%m-%d %H:%M}")
            options.append((label, f"assessment:{record.id}"))
        return options

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
