"""The assessment page: its model (`state`), the questions, the results column, files,
the start panel, and the answers the browser keeps while the page has no kernel."""
