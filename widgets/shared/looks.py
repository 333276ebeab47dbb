"""Layout and style models that many widgets of a page share.

Every ipywidgets widget brings a Layout model of its own, and most a style model too:
an HTML text is three models, a button three, a box two. On opening, the browser asks
the page's kernel for each model's state, one after another, before the page is on
screen, so these empty models were more than half of a workbook page's (issue 18.3).
Widgets whose layout and style never change share one model of each instead (the browser
draws each widget from it as before). A widget whose layout or style is changed later
(hidden, resized) keeps its own.
"""

from __future__ import annotations

import ipywidgets as w
from ipywidgets.widgets.widget_string import HTMLStyle

_shared: dict[tuple, w.Widget] = {}


def shared(kind: type[w.Widget], **traits) -> w.Widget:
    """The kernel's one ``kind`` model with ``traits`` (a Layout or a style), made once."""
    key = (kind, *sorted(traits.items()))
    model = _shared.get(key)
    if model is None or model.comm is None:  # none yet, or closed (Widget.close_all)
        model = _shared[key] = kind(**traits)
    return model


def layout(**traits) -> w.Layout:
    """A shared layout: never change its traits (every widget using it would follow)."""
    return shared(w.Layout, **traits)


def html(value: str = "", **kwargs) -> w.HTML:
    """An HTML widget on the shared plain layout and style (its value may change)."""
    return w.HTML(value, layout=layout(), style=shared(HTMLStyle), **kwargs)


def button(**kwargs) -> w.Button:
    """A button on the shared style and a shared layout (``width="auto"`` by default)."""
    width = kwargs.pop("width", "auto")
    return w.Button(layout=layout(width=width), style=shared(w.ButtonStyle), **kwargs)
