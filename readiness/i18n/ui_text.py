"""The page texts (``locales/ui.yaml``) in every UI language."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from readiness.framework import cache as framework_cache
from readiness.i18n.languages import FALLBACK, added_texts

UI_TEXT_PATH = Path(__file__).parent / "locales" / "ui.yaml"


@cache
def ui_texts() -> dict[str, dict[str, str]]:
    return framework_cache.read_yaml(UI_TEXT_PATH)


def ui(key: str, language: str, **values) -> str:
    """The page text ``key`` in ``language`` (English for an unknown language); a fork's
    language (``readiness.i18n.locale_files``) has its own texts."""
    text = ui_texts()[key]
    added = added_texts(language)
    chosen = added[key] if added is not None else text.get(language) or text[FALLBACK]
    return chosen.format(**values)
