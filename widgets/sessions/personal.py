"""A member's personal link: shown on their page, opened on another device or in the
project's next round, and the way to start afresh as a new respondent instead."""

from __future__ import annotations

from html import escape
from urllib.parse import urlencode

import ipywidgets as w

from readiness.i18n.ui_text import ui

PERSONAL_MEMORY_PREFIX = "rw-personal:"


def personal_memory_name(assessment_id: str) -> str:
    """Where a device keeps the personal link's token of the membership it shows."""
    return f"{PERSONAL_MEMORY_PREFIX}{assessment_id}"


def personal_link(page: str, token: str, language: str) -> str:
    """The address of a personal link: the page, the token and the language."""
    return f"{page}?{urlencode({'me': token, 'lang': language})}"


def afresh_button(language: str, on_start_afresh) -> w.Button:
    button = w.Button(description=ui("start_afresh_button", language),
                      layout=w.Layout(width="auto"))
    button.add_class("rw-start-afresh")
    button.on_click(lambda _b: on_start_afresh())
    return button


class PersonalLinkPanel(w.VBox):
    """The member's personal link, selectable with one tap, what it is for and that it is
    secret; beside it, starting afresh as a new respondent."""

    def __init__(self, link: str, language: str, on_start_afresh):
        self.link = w.HTML(
            f'<p class="rw-personal-link" style="user-select: all; overflow-wrap: anywhere; '
            f'font-family: monospace; padding: 0.4em 0.6em; border: 1px solid #8a8a8a; '
            f'border-radius: 4px; background: #f6f6f6">{escape(link)}</p>')
        self.start_afresh_button = afresh_button(language, on_start_afresh)
        self.message = w.HTML()
        super().__init__([
            w.HTML(f"<h3>{ui('personal_link_heading', language)}</h3>"
                   f'<p class="rw-muted">{ui("personal_link_help", language)}</p>'),
            self.link, self.start_afresh_button,
            w.HTML(f'<p class="rw-muted">{ui("start_afresh_help", language)}</p>'),
            self.message])
        self.add_class("rw-personal")
