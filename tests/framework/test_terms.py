"""Does the workbook call one thing by one name in each language?"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from readiness.framework.model import DEFAULT_FRAMEWORK_PATH
from readiness.i18n import ui_text as ui_text_module
from readiness.i18n.ui_text import ui_texts
from readiness.training.cases import CASES_DIR


def test_swedish_pages_call_an_assessment_a_skattning():
    """The tool is a self-assessment (självskattning): "bedömning" beside "skattning" made
    people ask whether they were two things (issue 15.8)."""
    found = {key: text["sv"] for key, text in ui_texts().items()
             if re.search(r"bedömning", text["sv"], re.IGNORECASE)}
    assert found == {}
    assert "skattning" in ui_texts()["start_heading"]["sv"]


# -- issue 16.E: words a Swedish or Danish reader in the field stumbles on ------------------

FRAMEWORK_FILE = Path(DEFAULT_FRAMEWORK_PATH)
TEXT_FILES = [UI_FILE := Path(ui_text_module.__file__).parent / "locales" / "ui.yaml",
              FRAMEWORK_FILE, *sorted(CASES_DIR.glob("*.yaml"))]

WRONG = {
    "sv": {
        r"beredskap": "reads as emergency preparedness; the tool is a självskattning",
        r"boendehus": "not a Swedish term (Danish beboerhus): träffpunkt, kvarterslokal",
        r"\bblir med\b": "Danish word order (bliver med): går med, är med",
        r"olösta": "views are not 'unsolved': meningsskillnader kvarstår",
        r"inte är utredda": "inte har retts ut",
        r"boendegrupp": "boenderåd",
        r"samarbetsavtal": "one word for the agreement: samverkansavtal",
        r"\boro\b": "the concern band is called varningssignal everywhere",
        r"\butbildare": "the course's trainer is kursledare everywhere",
        r"almene bostäder": "Danish almene boliger, not half translated",
        r"råder till att": "råder någon att, or rekommenderar att man",
        r"trampade på varandras": "trampa in på varandras områden",
    },
    "da": {
        r"laborator": "the Swedish labs are innovationslab in Danish",
        r"alene gør ikke meget": "subordinate clause: alene ikke gør meget",
        r"blev ved henvisninger": "gik ikke ud over henvisninger",
        r"én ad gangen": "kun hver for sig",
        r"på niveau med enkeltsager": "på enkeltsagsniveau",
        r"synspunkter står": "uenigheder står uløste",
        r"parathed": "reads as the job centres' jobparathed; the tool is a selvevaluering",
        r"\bend, om\b": "no comma between end and om",
        r"\bPrøven er\b": "afgørende er",
    },
}


def _texts(node, language: str, where: str = ""):
    """Every text in ``language`` in a YAML tree, with where it is."""
    if isinstance(node, dict):
        if isinstance(node.get(language), str):
            yield where, node[language]
        for key, value in node.items():
            yield from _texts(value, language, f"{where}.{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _texts(value, language, f"{where}[{index}]")


def _all_texts(language: str) -> list[tuple[str, str]]:
    found = []
    for path in TEXT_FILES:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        found += [(f"{path.name}{where}", text) for where, text in _texts(data, language)]
    return found


@pytest.mark.parametrize("language", ["sv", "da"])
def test_no_page_text_uses_a_word_the_reader_flagged(language):
    """The terms the issue's reader flagged (16.E) stay out of every Swedish and Danish
    text: the pages' texts, the framework, the cases and their trainer guides."""
    texts = _all_texts(language)
    assert len(texts) > 500  # the walk reaches the texts
    found = [(where, pattern, why) for where, text in texts
             for pattern, why in WRONG[language].items()
             if re.search(pattern, text, re.IGNORECASE)]
    assert found == []


def _framework_data() -> dict:
    return yaml.safe_load(FRAMEWORK_FILE.read_text(encoding="utf-8"))


def test_the_tools_own_title_says_what_it_is():
    titles = ui_texts()["app_title"]
    assert "självskattning" in titles["sv"].lower()
    assert "selvevaluering" in titles["da"].lower()
    # Danish names both: partners' samarbejde and samskabelse with residents.
    for title in (titles["da"], _framework_data()["framework"]["title"]["da"]):
        assert "samarbejd" in title and "samskabelse" in title, title


def test_the_legend_names_each_band_as_the_band_is_called():
    """The help under the chart and the tables names the bands by their labels ("Varning-
    signal" against the legend's "oro" made two words for one band)."""
    bands = _framework_data()["scoring"]["bands"]
    for language in ("en", "sv", "da"):
        for key in ("profile_help", "score_table_help", "group_score_table_help"):
            help_text = ui_texts()[key][language].lower()
            for band in bands:
                assert band["label"][language].lower() in help_text, (key, language, band["id"])


def test_danish_housing_is_not_called_allmannyttan_in_swedish():
    """Almene boliger are not the Swedish allmännytta: a case set in Denmark says so in
    its Swedish texts without borrowing the Swedish word."""
    danish = {s["file"] for s in _framework_data()["sources"] if s["language"] == "da"}
    checked = 0
    for path in sorted(CASES_DIR.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if not set(data["sources"]) <= danish:
            continue
        checked += 1
        assert [t for _w, t in _texts(data, "sv") if "allmännytt" in t.lower()] == []
    assert checked >= 3  # hotspot, job counselling, the two Somali women's cases
