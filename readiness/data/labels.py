"""The data exports' own texts (``readiness/i18n/locales/data.yaml``): variable labels of
the frames' columns and the words of yes/no value labels, per language.

Loaded as the page texts (``ui.yaml``) are: parsed once and cached as JSON. A language the
file does not have (a fork's) is labelled in English, text by text.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from readiness.framework import cache as framework_cache

DATA_TEXT_PATH = Path(__file__).parent.parent / "i18n" / "locales" / "data.yaml"
FALLBACK = "en"


@cache
def data_texts() -> dict[str, dict[str, str]]:
    return framework_cache.read_yaml(DATA_TEXT_PATH)


def data_text(key: str, language: str) -> str:
    """The text ``key`` in ``language`` (English where the file lacks the language)."""
    text = data_texts()[key]
    return text.get(language) or text[FALLBACK]


def column_labels(language: str) -> dict[str, str]:
    """{column: its variable label} in ``language``."""
    return {key.removeprefix("column."): data_text(key, language)
            for key in data_texts() if key.startswith("column.")}


def yes_no(language: str) -> tuple[str, str]:
    """The value labels of 0 and 1 in a yes/no column."""
    return data_text("value.no", language), data_text("value.yes", language)
