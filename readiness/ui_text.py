"""The page texts (``locales/ui.yaml``) in every UI language."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml

from .i18n import LANGUAGES

UI_TEXT_PATH = Path(__file__).parent / "locales" / "ui.yaml"


@cache
def ui_texts() -> dict[str, dict[str, str]]:
    return yaml.safe_load(UI_TEXT_PATH.read_text(encoding="utf-8"))


def ui(key: str, language: str, **values) -> str:
    """The page text ``key`` in ``language`` (English for an unknown language)."""
    text = ui_texts()[key]
    return text[language if language in LANGUAGES else "en"].format(**values)
