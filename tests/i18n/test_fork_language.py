"""Can a fork add a language as data, including one written right to left (issue 17.6)?

The fixture (tests/fixtures/rtl_fork) forks mini.yaml into English and Hebrew script with a
locale file of its own; the page, the report and the command line speak it, and the page and
the report set ``dir="rtl"``. A language the framework lacks, a text missing the fork's
language and a locale file missing page texts are each refused naming what is wrong.
"""

from __future__ import annotations

import re

import pytest
import yaml

from readiness.cli import main
from readiness.errors import FrameworkError, ReadinessError
from readiness.exchange.assessment_file import write_export
from readiness.framework.model import default_framework, load_framework
from readiness.i18n.languages import built_in, direction, language_name
from readiness.i18n.numbers import plotly_separators
from readiness.i18n.ui_text import ui
from tests.fixtures.rtl_fork import CODE, write_rtl_fork


@pytest.fixture
def fork_path(tmp_path):
    return write_rtl_fork(tmp_path / "fork")


@pytest.fixture
def fork(fork_path):
    return load_framework(fork_path)


def test_the_fork_offers_its_language_with_its_name_direction_and_numbers(fork):
    assert fork.languages == ("en", CODE)
    assert language_name(CODE) == "עברית" and direction(CODE) == "rtl"
    assert direction("en") == "ltr" and plotly_separators(CODE) == ".,"
    assert ui("start_heading", CODE) == "התחלת הערכה חדשה"
    assert ui("saved_at", CODE, time="12:00") == "כל התשובות נשמרו 12:00"
    assert fork.dimensions[0].label[CODE] == "אלפא"
    # The built-in framework is written in the built-in languages only.
    assert default_framework().languages == tuple(built_in()) and CODE not in built_in()


def test_a_locale_file_missing_page_texts_is_refused_naming_file_and_keys(fork_path):
    locale = fork_path.parent / "locales" / f"{CODE}.yaml"
    data = yaml.safe_load(locale.read_text(encoding="utf-8"))
    del data["texts"]["start_heading"], data["texts"]["project"]
    data["texts"]["saved_at"] = "נשמר"  # its {time} lost
    data["language"]["direction"] = "sideways"
    locale.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(FrameworkError) as refused:
        load_framework(fork_path)
    message = str(refused.value)
    assert str(locale) in message
    assert re.search(r"texts: is missing 2 key\(s\): project, start_heading", message)
    assert "texts.saved_at: should have the placeholders {time}" in message
    assert "language.direction: is 'sideways'" in message


def test_a_text_missing_the_forks_language_is_refused_naming_the_entry(fork_path):
    text = fork_path.read_text(encoding="utf-8")
    broken = fork_path.with_name("broken.yaml")
    broken.write_text(text.replace("    he: אלפא\n", "", 1), encoding="utf-8")
    with pytest.raises(FrameworkError) as refused:
        load_framework(broken)
    assert str(broken) in str(refused.value)
    assert ("dimensions[0].label.he", "is missing (the framework is written in en, he)") \
        in refused.value.problems


def test_a_language_without_page_texts_is_refused(fork_path):
    text = fork_path.read_text(encoding="utf-8").replace("  locales: locales\n", "")
    no_locales = fork_path.with_name("no-locales.yaml")
    no_locales.write_text(text, encoding="utf-8")
    with pytest.raises(FrameworkError, match=r"framework.languages: names he, which the "
                                             r"workbook has no page texts for"):
        load_framework(no_locales)
    (fork_path.parent / "locales" / f"{CODE}.yaml").unlink()
    with pytest.raises(FrameworkError, match=rf"locales/{CODE}.yaml: .*no such file"):
        load_framework(fork_path)


def test_a_language_the_framework_lacks_is_refused(fork, store, mini):
    with pytest.raises(ReadinessError, match=r"unknown language 'he': the framework is "
                                             r"written in en, sv, da"):
        store.create_assessment(mini, project="P", language=CODE)
    assert store.create_assessment(fork, project="P", language=CODE).language == CODE


def _answered_file(store, fork, tmp_path):
    record = store.create_assessment(fork, project="Askim", role="staff", language=CODE)
    for question, value in {"alpha.one": 1, "alpha.two": 2, "beta.one": 1}.items():
        store.save_answer(fork, record.id, question, value)
    return write_export(store, record.id, tmp_path / "assessment.json")


def test_report_and_score_speak_the_forks_language(fork, fork_path, store, tmp_path, capsys):
    exported = _answered_file(store, fork, tmp_path)
    report = tmp_path / "report.html"
    assert main(["report", str(exported), "--framework", str(fork_path),
                 "--language", CODE, "-o", str(report)]) == 0
    html = report.read_text(encoding="utf-8")
    assert re.match(r'<!DOCTYPE html>\n<html lang="he" dir="rtl">', html)
    assert "עברית" in html and "אלפא" in html  # the language's name, a dimension's label
    assert '<div class="rw-chart" dir="ltr"' in html  # the chart's axis: 0 on the left
    assert "#js-plotly-tester { direction: ltr; }" in html  # labels measured as drawn
    capsys.readouterr()
    assert main(["score", str(exported), "--framework", str(fork_path),
                 "--language", CODE]) == 0
    assert "אלפא" in capsys.readouterr().out
    # The built-in framework offers no such language: argparse names the choices.
    with pytest.raises(SystemExit):
        main(["score", str(exported), "--language", CODE])
    assert "invalid choice: 'he' (choose from 'en', 'sv', 'da')" in capsys.readouterr().err


def test_a_report_in_a_built_in_language_stays_left_to_right(mini, store, tmp_path):
    record = store.create_assessment(mini, project="P", language="sv")
    exported = write_export(store, record.id, tmp_path / "a.json")
    report = tmp_path / "r.html"
    from tests.conftest import FIXTURES

    assert main(["report", str(exported), "--framework", str(FIXTURES / "mini.yaml"),
                 "-o", str(report)]) == 0
    assert '<html lang="sv" dir="ltr">' in report.read_text(encoding="utf-8")
