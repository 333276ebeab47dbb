"""Languages: which ones the workbook speaks, how a translated text is picked, and the
pages' own texts (``locales/ui.yaml``)."""
