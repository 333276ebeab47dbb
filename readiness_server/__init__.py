"""Serving the workbook with Voilà: the `readiness serve` command, the launcher that sets
Voilà up, and the pool of prepared pages. Beside the core, never imported by it."""
