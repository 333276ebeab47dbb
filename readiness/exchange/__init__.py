"""What leaves or enters the workbook as data: assessment files (JSON), tidy CSV and Excel,
and the data a report is made from."""
