"""The page's bridge to the browser."""

from __future__ import annotations

from tests.widgets.pages import from_browser


def test_bridge_answers_pings(app, monkeypatch):
    sent = []
    monkeypatch.setattr(app.bridge, "send", lambda content, buffers=None: sent.append(content))
    from_browser(app.bridge, {"type": "ping"})
    assert sent == [{"type": "pong"}]
