"""Widgets whose browser side is a small ES module run by anywidget's front end: the page's
bridge to the browser and the chart."""
