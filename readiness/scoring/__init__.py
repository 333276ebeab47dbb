"""Scoring: an answer's level, a dimension's score, red flags and actions for one
assessment (``evaluation``), and a group's profile with its spread and disagreement."""
