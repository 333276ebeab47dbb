"""View components: bind the readiness core to ipywidgets and plotly.

Holds no scoring, flag or storage logic; that lives in ``readiness``. The workbook pages
are built here (issue #4).
"""
