"""Front-end widgets speak anywidget's protocol without its Python package."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from readiness_widgets.frontend.chart import ChartView
from readiness_widgets.frontend.esm_widget import front_end_version
from tests.conftest import ROOT


def test_page_widgets_use_anywidget_s_front_end_without_its_python_package():
    # anywidget's Python package (with psygnal) would cost every page's kernel about 2 MB.
    probe = ("import sys\nfrom readiness_widgets import WorkbookApp\n"
             "from readiness_widgets.frontend.chart import ChartView\nChartView()\n"
             "print(sorted({'anywidget', 'psygnal'} & set(sys.modules)))")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          check=True, cwd=ROOT)
    assert done.stdout.strip() == "[]"
    # The version the widgets ask for is the one the installed front end registers.
    package = Path(sys.prefix) / "share/jupyter/labextensions/anywidget/package.json"
    installed = json.loads(package.read_text())["version"]
    major, minor, _patch = installed.split(".", maxsplit=2)
    state = ChartView().get_state()
    assert state["_model_module"] == "anywidget" and state["_view_name"] == "AnyView"
    assert state["_model_module_version"] == f"~{major}.{minor}.*"
    assert "Plotly.react" in state["_esm"]
    assert state["_anywidget_id"] == "readiness_widgets.frontend.chart.ChartView"
    assert front_end_version("0.12.0b1") == "0.12.0b1"  # a pre-release asks for itself
