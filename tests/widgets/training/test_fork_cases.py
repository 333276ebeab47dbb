"""Do training cases declare the framework they fit, and does a fork without cases get a
trainer's page that says so instead of a blank one (issue 17.6)?"""

from __future__ import annotations

import ipywidgets as w
import pytest

from readiness.errors import FrameworkError
from readiness.framework.model import default_framework, load_framework
from readiness.training.cases import CASES_DIR, find_case, framework_major, load_cases
from readiness_widgets.training.trainer import TrainerApp, TrainerPanel
from tests.fixtures.fork import FORK_ID, FORK_VERSION, write_fork
from tests.widgets.pages import find, texts
from tests.widgets.sessions.test_pages import served


@pytest.fixture(scope="module")
def fork(tmp_path_factory):
    return load_framework(write_fork(tmp_path_factory.mktemp("fork")))


@pytest.fixture(scope="module")
def shipped():
    return default_framework()


def test_every_shipped_case_declares_the_framework_and_its_major_version(shipped):
    files = sorted(CASES_DIR.glob("*.yaml"))
    assert len(load_cases(shipped)) == len(files) >= 6  # every one fits the shipped one
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert f"\nframework: {shipped.id}\n" in text, path.name
        assert f"\nframework_major: {framework_major(shipped)}\n" in text, path.name


def test_a_fork_has_none_of_the_shipped_cases(fork):
    assert load_cases(fork) == []
    assert find_case(fork, "askimsviken") is None  # its link opens nothing on the fork


def test_a_case_of_another_major_version_is_left_out_and_named_when_loaded(tmp_path, shipped):
    text = (CASES_DIR / "askimsviken.yaml").read_text(encoding="utf-8")
    major = framework_major(shipped)
    (tmp_path / "askimsviken.yaml").write_text(text.replace(
        f"framework_major: {major}", f"framework_major: {major + 1}"), encoding="utf-8")
    assert load_cases(shipped, tmp_path) == []
    assert find_case(shipped, "askimsviken", tmp_path) is None


def test_a_case_naming_the_framework_without_a_major_version_gets_a_message(tmp_path, shipped):
    text = (CASES_DIR / "askimsviken.yaml").read_text(encoding="utf-8")
    (tmp_path / "askimsviken.yaml").write_text(
        text.replace(f"framework_major: {framework_major(shipped)}\n", ""), encoding="utf-8")
    with pytest.raises(FrameworkError, match="askimsviken.yaml.*framework_major"):
        load_cases(shipped, tmp_path)  # not left out unseen


@pytest.mark.parametrize("language", ["en", "sv", "da"])
def test_the_trainer_page_on_a_fork_says_it_has_no_cases(store, fork, language):
    app = TrainerApp(fork, store, language=language)
    page = texts(app)
    assert f"({FORK_ID} {FORK_VERSION})" in page and "sample_data/cases/" in page
    assert not find(app, w.Dropdown) and not find(app, w.Button)  # nothing to hand out


def test_the_served_trainer_page_on_a_fork_is_not_blank(store, fork, shipped):
    app = served(store, fork, "trainer=1&lang=sv")
    panel = find(app, TrainerPanel)[0]
    assert "inga övningsfall" in texts(panel) and FORK_ID in texts(panel)
    shipped_panel = find(served(store, shipped, "trainer=1&lang=sv"), TrainerPanel)[0]
    assert "inga övningsfall" not in texts(shipped_panel)
    assert len(shipped_panel.case_picker.options) == len(load_cases(shipped))
