"""The readiness workbook's core: framework content, scoring, red flags, storage and exchange.

This package is pure Python. It imports no widget, IPython or plotting code, so it can be
used and tested without a kernel; ``widgets/`` binds it to ipywidgets and plotly.
"""

__version__ = "0.1.0"
