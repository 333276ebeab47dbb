"""Fault injection: people keep answering while something breaks, and nothing is lost.

Four faults, each while real Chromium pages answer question after question: the store
cannot be written for 10 s; a page's kernel is killed right after an answer; the server is
killed and started again while five pages answer; the browser is offline for 10 s.
Throughout, the test samples what the page tells the user and compares it with the store:

* at no sampled moment does the page say "saved" while an answer given before that moment
  is missing from the store;
* by the end, every answer given is stored (answers lost: 0).

It prints a table (and writes tests/artifacts/fault-injection.txt, shown in the test
summary): fault, answers given, stored, lost, and seconds until the user was told.
"""

from __future__ import annotations

import itertools
import json
import os
import signal
import sqlite3
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from readiness.framework.conditions import DONT_KNOW
from readiness.framework.model import default_framework
from readiness.store import open_store
from readiness_server.testing import BackgroundServer

from ..faults import frozen_store
from .conftest import ARTIFACTS
from .test_workbook_page import CHART, page_kernel

FRAMEWORK = default_framework()
DIMENSIONS = [d.id for d in FRAMEWORK.dimensions[:3]]
SECTION_OFFSET = 1 if FRAMEWORK.gates else 0
TABLE = ARTIFACTS / "fault-injection.txt"
RESULTS: list[tuple] = []

SAMPLE = """() => {
  const status = document.querySelector('.rw-header .rw-status');
  return !!status && status.checkVisibility({ visibilityProperty: true })
         && status.textContent.includes('saved');
}"""
# Notes, in the tab, when the page first tells of a problem after each load (the banner, or
# the header's error): a reload can follow within a second, between two samples.
WATCH_TOLD = """(() => {
  let noted = false;
  const look = () => {
    if (noted) { return; }
    const banner = document.querySelector('.rw-connection-lost');
    const error = document.querySelector('.rw-header .rw-error');
    if ((banner && !banner.hidden)
        || (error && error.checkVisibility({ visibilityProperty: true }))) {
      noted = true;
      const told = JSON.parse(sessionStorage.getItem('test-told') || '[]');
      told.push(Date.now());
      sessionStorage.setItem('test-told', JSON.stringify(told));
    }
  };
  new MutationObserver(look).observe(document, { subtree: true, childList: true,
                                                 attributes: true, characterData: true });
})();"""


def stored_answers(store: Path, assessment: str) -> dict:
    """The store's answers, read without taking a write lock (the store may be frozen)."""
    connection = sqlite3.connect(f"file:{store}?mode=ro", uri=True, timeout=30)
    try:
        rows = connection.execute(
            "SELECT question_id, value FROM answers WHERE assessment_id = ?", (assessment,))
        return {qid: int(value) if value.isdigit() else value for qid, value in rows}
    finally:
        connection.close()


@dataclass
class Respondent:
    """One page answering the first dimensions' questions over and over, with new levels."""

    page: object
    store: Path
    assessment: str
    given: dict = field(default_factory=dict)
    answers_given: int = 0
    violations: list = field(default_factory=list)
    fault_at_ms: float | None = None  # the page's clock when the fault began

    def __post_init__(self):
        plan = [(SECTION_OFFSET + index, question.id)
                for index, dimension in enumerate(DIMENSIONS)
                for question in FRAMEWORK.questions_in(dimension)]
        self._plan = itertools.cycle(plan)
        self._levels = itertools.cycle([2, 0, 3, 1])

    def answer_next(self) -> None:
        """Click the next answer; it counts as given once the page shows it chosen."""
        section, question_id = next(self._plan)
        level = next(self._levels)
        css = f".rw-q-{question_id.replace('.', '-')}"
        page = self.page
        try:
            if page.locator(css).count() == 0:
                if page.locator(CHART).count() == 0:
                    return  # the page is (re)loading
                page.get_by_label("Section").select_option(index=section, timeout=2000)
            page.locator(f"{css} .widget-radio-box label").nth(level).click(timeout=2000)
            if page.locator(f"{css} input").nth(level).is_checked(timeout=2000):
                self.given[question_id] = level + 1
                self.answers_given += 1
        except Exception:  # noqa: BLE001 - a page mid-reload: this click never happened
            return

    def says_saved(self) -> bool:
        """Whether the page tells the user now that the answers are saved."""
        try:
            return self.page.evaluate(SAMPLE)
        except Exception:  # noqa: BLE001 - navigating: nothing is shown
            return False

    def sample(self) -> None:
        """What the page tells the user now, checked against the store."""
        if self.says_saved():
            missing = self.missing()
            if missing:
                self.violations.append(missing)

    def fault(self) -> None:
        self.fault_at_ms = self.page.evaluate("Date.now()")

    @property
    def told_after(self) -> float | None:
        """Seconds from the fault until the page first told the user of it."""
        told = json.loads(self.page.evaluate("sessionStorage.getItem('test-told') || '[]'"))
        after = [moment for moment in told if moment >= self.fault_at_ms]
        return (min(after) - self.fault_at_ms) / 1000 if after else None

    def missing(self) -> dict:
        """Answers given whose value the store does not hold."""
        stored = stored_answers(self.store, self.assessment)
        return {qid: (value, stored.get(qid)) for qid, value in self.given.items()
                if stored.get(qid) != value}


class Run:
    """Several respondents answering in turn, sampled after every click."""

    def __init__(self, respondents: list[Respondent]):
        self.respondents = respondents

    def answer_until(self, done, seconds: float, pause: float = 0.3) -> None:
        """Answer in turn until ``done()`` holds or ``seconds`` have passed."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline and not done():
            for respondent in self.respondents:
                respondent.answer_next()
                respondent.sample()
            time.sleep(pause)

    def answer_for(self, seconds: float) -> None:
        self.answer_until(lambda: False, seconds)

    def answer_until_recovered(self, answers: int = 3, timeout: float = 60) -> None:
        """Answer on until every page has given ``answers`` more answers, has them all in
        the store and says so: the page is back (reloaded, when it had to), however long
        that took, instead of a fixed time that either wastes seconds or cuts it short.
        Not recovered within ``timeout``: the checks that follow say what is missing."""
        marks = [r.answers_given for r in self.respondents]

        def recovered() -> bool:
            return all(r.answers_given >= mark + answers and not r.missing() and r.says_saved()
                       for r, mark in zip(self.respondents, marks, strict=True))

        self.answer_until(recovered, timeout)

    def fault(self) -> None:
        for respondent in self.respondents:
            respondent.fault()

    def settle(self, timeout: float = 90) -> None:
        """Stop answering; wait until every page has stored what it was given."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for respondent in self.respondents:
                respondent.sample()
            if not any(r.missing() for r in self.respondents):
                return
            time.sleep(0.5)

    def record(self, fault: str) -> None:
        given = sum(len(r.given) for r in self.respondents)
        lost = sum(len(r.missing()) for r in self.respondents)
        told = [r.told_after for r in self.respondents]
        clicks = sum(r.answers_given for r in self.respondents)
        RESULTS.append((fault, clicks, given, given - lost, lost,
                        None if None in told else max(told),
                        sum(len(r.violations) for r in self.respondents)))
        write_table()
        for respondent in self.respondents:
            assert respondent.violations == [], (
                f"{fault}: the page said 'saved' while the store lacked answers: "
                f"{respondent.violations[:3]}")
            assert respondent.missing() == {}, f"{fault}: answers lost"
        assert all(r.answers_given > 0 for r in self.respondents)
        return told


def write_table() -> None:
    """answers given: clicks that chose an answer; questions: how many questions those
    answered (the last answer to each is what must be stored); told: seconds from the
    fault until the page first said so; false saved: samples where the page said "saved"
    while the store lacked an answer already given."""
    lines = [f"{'fault':<38} {'answers given':>13} {'questions':>9} {'stored':>6} {'lost':>4} "
             f"{'told after':>10} {'false saved':>11}"]
    for fault, clicks, given, stored, lost, told, false_saved in RESULTS:
        told_text = "-" if told is None else f"{told:.1f} s"
        lines.append(f"{fault:<38} {clicks:>13} {given:>9} {stored:>6} {lost:>4} "
                     f"{told_text:>10} {false_saved:>11}")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    TABLE.write_text("\n".join(lines) + "\n")
    print("\n" + "\n".join(lines))


def new_assessment(store_path: Path) -> str:
    store = open_store(str(store_path))
    try:
        return store.create_assessment(FRAMEWORK, project="Fault drill", role="staff").id
    finally:
        store.close()


def open_respondents(contexts: list, server: BackgroundServer, sockets=None) -> list[Respondent]:
    """A respondent on a new assessment in each context; the pages load side by side."""
    respondents = []
    for context in contexts:
        page = context.new_page()
        page.set_default_timeout(60_000)
        page.add_init_script(WATCH_TOLD)
        if sockets is not None:
            page.on("websocket", lambda socket: sockets.append(socket.url))
        assessment = new_assessment(server.store)
        page.goto(f"{server.url}?assessment={assessment}&lang=en", wait_until="commit")
        respondents.append(Respondent(page, server.store, assessment))
    for respondent in respondents:
        respondent.page.wait_for_selector(CHART)
    return respondents


@pytest.fixture
def context(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    yield context
    context.close()


def test_the_store_cannot_be_written_for_ten_seconds(context, server):
    [respondent] = open_respondents([context], server)
    run = Run([respondent])
    run.answer_for(3)
    with frozen_store(server.store):
        run.fault()
        run.answer_for(10)
    run.answer_until_recovered()
    run.settle()
    told = run.record("store unwritable for 10 s")
    assert told[0] is not None and told[0] < 3  # the next answer after the fault is refused


def test_a_kernel_is_killed_mid_answer(context, server):
    sockets: list[str] = []
    [respondent] = open_respondents([context], server, sockets)
    run = Run([respondent])
    run.answer_for(3)
    respondent.answer_next()
    run.fault()
    os.kill(server.kernel_pid(page_kernel(sockets)), signal.SIGKILL)
    run.answer_until_recovered()  # the page reloads itself meanwhile; answers go on
    run.settle()
    told = run.record("kernel killed mid-answer")
    assert told[0] is not None and told[0] < 3


def test_the_server_is_killed_and_restarted_while_five_pages_answer(browser, tmp_path):
    server = BackgroundServer(tmp_path / "store.sqlite3").start()
    contexts = [browser.new_context(viewport={"width": 390, "height": 844}) for _ in range(5)]
    try:
        respondents = open_respondents(contexts, server)
        run = Run(respondents)
        run.answer_for(3)
        run.fault()
        # A crash of the server (Voilà), with no time to tidy up (the kernels, in
        # sessions of their own, stop when they find their parent gone).
        server.kill()
        run.answer_for(6)
        server = BackgroundServer(server.store, server.port).start()  # same address, same store
        run.answer_until_recovered()  # every page is back, with all its answers
        run.settle(timeout=120)
        told = run.record("server killed and restarted, 5 pages")
        assert all(seconds is not None and seconds < 3 for seconds in told)
    finally:
        for context in contexts:
            context.close()
        server.stop()


def test_the_browser_is_offline_for_ten_seconds(context, server):
    [respondent] = open_respondents([context], server)
    run = Run([respondent])
    run.answer_for(3)
    run.fault()
    context.set_offline(True)
    try:
        run.answer_for(10)
    finally:
        context.set_offline(False)
    run.answer_until_recovered()
    run.settle()
    told = run.record("browser offline for 10 s")
    assert told[0] is not None and told[0] < 3


def test_dont_know_is_among_the_choices_the_journal_can_carry():
    """The respondents above answer levels; the browser's copy also carries 'don't know'
    (the last choice), which must map back to the same value."""
    from readiness_widgets.assessment.journal import AnswerJournal

    journal = AnswerJournal(FRAMEWORK)
    question = FRAMEWORK.questions[0]
    message = journal.settled_message("answer", question.id, DONT_KNOW)
    assert message["value"] == len(question.options)
    css = message["key"]
    answers, _notes, _plan = journal.read(
        json.dumps({css: {"v": message["value"], "t": 1_700_000_000_000}}))
    assert answers[question.id][0] == DONT_KNOW
