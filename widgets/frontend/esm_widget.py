"""Widgets whose browser side is a small ES module, run by anywidget's front end.

anywidget's front end (the JupyterLab extension Voilà loads on every page) needs only a
few synced traits. Its Python package adds nothing these widgets use but costs every
page's kernel about 2 MB (it imports psygnal), so the widgets here speak its protocol
straight from ipywidgets: that keeps a workbook page's kernel within 1.3× a bare page's.
"""

from __future__ import annotations

from importlib.metadata import version

import ipywidgets
from traitlets import Unicode, default


def front_end_version(installed: str) -> str:
    """The module version the widget asks for, as anywidget's own widgets do."""
    major, minor, patch = installed.split(".", maxsplit=2)
    if any(letter in patch for letter in "ab"):
        return installed  # a pre-release registers its exact version
    return f"~{major}.{minor}.*"


ANYWIDGET_FRONT_END = front_end_version(version("anywidget"))


def compact(source: str) -> str:
    """``source`` as the browser gets it: without indentation, blank lines and lines that
    are only a ``//`` comment. Every page sends each widget's module over its websocket,
    so the comments stay in the Python file. (A line never continues a string or template
    literal in these modules, so this changes no code.)"""
    lines = (line.strip() for line in source.splitlines())
    return "\n".join(line for line in lines if line and not line.startswith("//"))


class EsmWidget(ipywidgets.DOMWidget):
    """Subclasses declare ``_esm`` (the module's source) and ``_css`` as synced traits."""

    _model_name = Unicode("AnyModel").tag(sync=True)
    _model_module = Unicode("anywidget").tag(sync=True)
    _model_module_version = Unicode(ANYWIDGET_FRONT_END).tag(sync=True)
    _view_name = Unicode("AnyView").tag(sync=True)
    _view_module = Unicode("anywidget").tag(sync=True)
    _view_module_version = Unicode(ANYWIDGET_FRONT_END).tag(sync=True)
    _esm = Unicode("export default { render() {} };").tag(sync=True)
    _css = Unicode("").tag(sync=True)
    # The front end replaces a widget class's styles by this id.
    _anywidget_id = Unicode().tag(sync=True)

    @default("_anywidget_id")
    def _class_id(self) -> str:
        return f"{type(self).__module__}.{type(self).__qualname__}"

    def __repr__(self) -> str:  # the default repr serialises every trait
        return object.__repr__(self)
