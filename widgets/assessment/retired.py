"""The notice on an assessment whose stored answers include some to questions the
framework has since changed (``replaces`` in the framework file): they are kept, not scored,
and the group is asked to answer the questions that took over from them."""

from __future__ import annotations

from html import escape

import ipywidgets as w

from readiness.i18n.languages import pick
from readiness.i18n.ui_text import ui

from .state import WorkbookState


def retired_notice(state: WorkbookState) -> w.HTML | None:
    """None when every stored answer is to a current question."""
    if not state.retired:
        return None
    language, framework = state.language, state.framework
    successors = []
    for old_id in state.retired:
        question = framework.replaced_by(old_id)
        if question is not None and question not in successors:
            successors.append(question)
    again = ""
    if successors:
        items = "".join(f"<li>{escape(pick(q.text, language))}</li>" for q in successors)
        again = f"<p>{ui('retired_answer_again', language)}</p><ul>{items}</ul>"
    notice = w.HTML(f'<div class="rw-retired" role="note">'
                    f"<p>{escape(ui('retired_answers', language, count=len(state.retired)))}</p>"
                    f"{again}</div>")
    notice.add_class("rw-retired-notice")
    return notice
