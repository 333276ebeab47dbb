"""Rendering: chart specifications, HTML fragments, the offline HTML reports with the
vendored plotly.js, and PDF through Chromium. Pure Python: output is text or bytes."""
