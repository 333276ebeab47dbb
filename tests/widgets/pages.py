"""Finding a page's parts by their type and name, as a person finds them by their label."""

from __future__ import annotations

from readiness_widgets.assessment.questions import QuestionsPanel, QuestionView, SectionPanel


def find(widget, kind):
    """Every descendant of ``widget`` of type ``kind``, depth first."""
    found = [widget] if isinstance(widget, kind) else []
    for child in getattr(widget, "children", ()):
        found += find(child, kind)
    return found


def question(app, item_id) -> QuestionView:
    return next(view for view in find(app, QuestionView) if view.item.id == item_id)


def go_to(app, section_index: int) -> SectionPanel:
    panel = find(app, QuestionsPanel)[0]
    panel.picker.value = section_index
    return panel.body.children[0]


def upload(box, data: bytes, name="a.json"):
    """What the upload button's browser side sends for a file it accepted."""
    box.upload._on_message(box.upload, {"type": "file", "name": name}, [memoryview(data)])
