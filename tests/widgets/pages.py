"""Finding a page's parts by their type and name, as a person finds them by their label,
and sending the page what its browser side would send."""

from __future__ import annotations

import logging

import ipywidgets as w
from traitlets.log import get_logger

from readiness_widgets.assessment.questions import QuestionsPanel, QuestionView, SectionPanel


def find(widget, kind):
    """Every descendant of ``widget`` of type ``kind``, depth first."""
    found = [widget] if isinstance(widget, kind) else []
    for child in getattr(widget, "children", ()):
        found += find(child, kind)
    return found


def texts(widget) -> str:
    """Every text the HTML widgets in ``widget`` show, one after the other: what a person
    reads on the page, wherever it is laid out."""
    return "\n".join(part.value for part in find(widget, w.HTML))


def question(app, item_id) -> QuestionView:
    return next(view for view in find(app, QuestionView) if view.item.id == item_id)


def go_to(app, section_index: int) -> SectionPanel:
    panel = find(app, QuestionsPanel)[0]
    panel.picker.value = section_index
    return panel.current


class _HandlerFailures(logging.Handler):
    """Collects the exceptions ipywidgets logs instead of raising."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.errors: list[BaseException] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.exc_info and record.exc_info[1] is not None:
            self.errors.append(record.exc_info[1])


def from_browser(widget: w.Widget, content, buffers=()) -> None:
    """What the widget's browser side sends with ``model.send(content, undefined, buffers)``
    (the custom messages of the bridge and the file picker), handed to the widget as the
    kernel hands it over.

    This is the one place the tests feed a widget a message from the browser. There is no
    public ipywidgets call for it, so it goes in where the kernel does: the message, as the
    front end wraps it (``{"method": "custom", "content": ...}``), is given to the widget's
    comm through ``Comm.handle_msg``, the public entry point of the ``comm`` package that
    ipykernel calls for every ``comm_msg``. From there ipywidgets dispatches it as in a
    served page, to the callbacks registered with ``on_msg``; no private attribute or
    handler of the widget is called by name, so a widget may rename its handler freely.

    Outside a kernel ipywidgets logs an exception raised by a handler instead of raising
    it; it is raised here, so a failing handler fails the test with its own traceback.
    """
    if widget.comm is None:
        raise AssertionError(f"{type(widget).__name__} is closed: its browser side is gone")
    message = {"content": {"comm_id": widget.comm.comm_id,
                           "data": {"method": "custom", "content": content}},
               "buffers": list(buffers)}
    failures = _HandlerFailures()
    log = get_logger()  # where ipywidgets reports a failing handler outside a kernel
    log.addHandler(failures)
    try:
        widget.comm.handle_msg(message)
    finally:
        log.removeHandler(failures)
    if failures.errors:
        raise failures.errors[0]


def upload(box, data: bytes, name="a.json"):
    """What the upload button's browser side sends for a file it accepted."""
    from_browser(box.upload, {"type": "file", "name": name}, [memoryview(data)])
