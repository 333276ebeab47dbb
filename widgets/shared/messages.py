"""The short messages panels show: an error read out at once, or a quiet status."""

from __future__ import annotations

from html import escape


def error_html(text: str) -> str:
    """An error in the error colour, announced by screen readers at once (escaped)."""
    return f'<p class="rw-error" role="alert">{escape(text)}</p>'


def status_html(text: str) -> str:
    """A quiet status line, announced when the reader is idle (escaped)."""
    return f'<p class="rw-muted" role="status">{escape(text)}</p>'
