"""The codebook: what every value in the answers frame means, as a data dictionary.

One row per question (and gate) and value it may take: its ids, its dimension, the
question, option and why-texts in every language the framework speaks, what the texts rest
on, and the questions it replaces. Like REDCap's data dictionary or a KoboToolbox labelled
export, it keeps answers readable when the framework changes between waves: a codebook is
per framework id and version (the first columns).
"""

from __future__ import annotations

import pandas as pd

from readiness.framework.conditions import DONT_KNOW
from readiness.framework.model import Citation, Framework, Gate, Question

KEY_COLUMNS = ("framework_id", "framework_version", "kind", "question_id", "dimension_id",
               "value", "level", "basis", "replaces", "sources")


def _citations(framework: Framework, cites: tuple[Citation, ...]) -> str:
    titles = {source.file: source.title for source in framework.sources}
    return "; ".join(f"{titles.get(c.source, c.source)}, \u201c{c.section}\u201d" for c in cites)


def _texts(prefix: str, text, languages: tuple[str, ...]) -> dict[str, str]:
    return {f"{prefix}_{language}": (text or {}).get(language, "") for language in languages}


def _rows(framework: Framework, item: Question | Gate, kind: str) -> list[dict]:
    common = {"framework_id": framework.id, "framework_version": framework.version,
              "kind": kind, "question_id": item.id,
              "dimension_id": item.dimension if kind == "question" else None,
              "replaces": "; ".join(getattr(item, "replaces", ())),
              "sources": _citations(framework, item.cites),
              **_texts("question", item.text, framework.languages),
              **_texts("why", item.why, framework.languages)}
    rows = [{**common, "value": str(option.value),
             "level": option.value if kind == "question" else None,
             "basis": option.basis, **_texts("option", option.label, framework.languages)}
            for option in item.options]
    rows.append({**common, "value": DONT_KNOW, "level": None, "basis": item.basis,
                 **_texts("option", framework.dont_know_label, framework.languages)})
    return rows


def codebook(framework: Framework) -> pd.DataFrame:
    """Every question's and gate's values with their texts (see the module's docstring).

    ``value`` is what the answers frame holds (a level as text, a gate's word, or
    ``dont_know``); ``level`` the level as a number (empty for a gate and for don't know)."""
    rows = [row for question in framework.questions for row in _rows(framework, question,
                                                                     "question")]
    rows += [row for gate in framework.gates for row in _rows(framework, gate, "gate")]
    columns = [*KEY_COLUMNS, *(f"{part}_{language}" for part in ("question", "option", "why")
                               for language in framework.languages)]
    return pd.DataFrame(rows, columns=columns).astype({"level": "Int64"})
