"""View components: bind the readiness core to ipywidgets and plotly.js.

Holds no scoring, flag or storage logic; that lives in ``readiness``. ``WorkbookApp`` is
the whole assessment page; ``WorkbookState`` the observable wrapper around the core.
"""

from readiness_widgets.app import WorkbookApp
from readiness_widgets.assessment.results import profile_view
from readiness_widgets.assessment.state import WorkbookState

__all__ = ["WorkbookApp", "WorkbookState", "profile_view"]
