"""The trainer's page and the case exercises on the workbook page."""
