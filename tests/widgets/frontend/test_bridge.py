"""The page's bridge to the browser."""

from __future__ import annotations


def test_bridge_answers_pings(app, monkeypatch):
    sent = []
    monkeypatch.setattr(app.bridge, "send", lambda content, buffers=None: sent.append(content))
    app.bridge._on_message(app.bridge, {"type": "ping"}, [])
    assert sent == [{"type": "pong"}]
