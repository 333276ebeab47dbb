"""The page's many texts, buttons and boxes share their layout and style models: each model
is one more the browser must fetch before the page is on screen (issue 18.3)."""

from __future__ import annotations

import ipywidgets as w

from readiness_widgets.assessment.files import UploadBox
from readiness_widgets.assessment.results import ActionsPanel, SuggestedAction
from readiness_widgets.shared import looks
from tests.widgets.pages import find, go_to, question


def models(widget: w.Widget) -> set[str]:
    """Every model the browser fetches to show ``widget``: it, its layout, its style, and
    the same for its children."""
    seen: dict[str, w.Widget] = {}

    def walk(value) -> None:
        if isinstance(value, (list, tuple)):
            for item in value:
                walk(item)
        elif isinstance(value, w.Widget) and value.model_id not in seen:
            seen[value.model_id] = value
            for name in value.keys:
                walk(getattr(value, name, None))

    walk(widget)
    return set(seen)


def test_texts_and_buttons_share_one_layout_and_style(app, framework):
    go_to(app, 1)
    for item in framework.questions_in(framework.dimensions[0].id):
        question(app, item.id).choice.value = item.options[0].value  # actions to suggest
    suggestions = find(find(app, ActionsPanel)[0], SuggestedAction)
    assert len(suggestions) >= 2
    texts = [s.text for s in suggestions]
    buttons = [s.take_on for s in suggestions]
    assert len({id(t.layout) for t in texts}) == 1 and len({id(t.style) for t in texts}) == 1
    assert len({id(b.layout) for b in buttons}) == 1 and len({id(b.style) for b in buttons}) == 1
    # A suggestion is three models in the browser (box, text, button), not eight.
    assert len(models(suggestions[1]) - models(suggestions[0])) == 3
    # Across the page, far fewer models than widgets each with a layout of its own.
    widgets = find(app, w.DOMWidget)
    assert len({id(widget.layout) for widget in widgets}) < len(widgets) / 2


def test_a_widget_whose_layout_changes_keeps_its_own(app):
    upload = find(app, UploadBox)[0]
    others = {id(widget.layout) for widget in find(app, w.DOMWidget)
              if widget is not upload.replace_button}
    assert id(upload.replace_button.layout) not in others  # shown and hidden by itself
    assert upload.replace_button.layout.display == "none"
    assert looks.layout().display is None  # hiding it hid nothing else


def test_a_closed_shared_model_is_made_anew():
    before = looks.layout(width="3px")
    assert looks.layout(width="3px") is before
    before.close()
    again = looks.layout(width="3px")
    assert again is not before and again.comm is not None
