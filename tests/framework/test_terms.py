"""Does the workbook call one thing by one name in each language?"""

from __future__ import annotations

import re

from readiness.i18n.ui_text import ui_texts


def test_swedish_pages_call_an_assessment_a_skattning():
    """The tool is a self-assessment (självskattning): "bedömning" beside "skattning" made
    people ask whether they were two things (issue 15.8)."""
    found = {key: text["sv"] for key, text in ui_texts().items()
             if re.search(r"bedömning", text["sv"], re.IGNORECASE)}
    assert found == {}
    assert "skattning" in ui_texts()["start_heading"]["sv"]
