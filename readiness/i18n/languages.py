"""The languages the workbook speaks, as data, and how a translated text is picked.

The built-in languages are declared in ``locales/languages.yaml`` (name, text direction,
number format) and their page texts are in ``locales/ui.yaml``. A fork adds a language with
a locale file of its own (``readiness.i18n.locale_files``), registered here when its
framework is loaded. Which languages a page or a command offers is the framework's
``languages`` (:attr:`readiness.framework.model.Framework.languages`): those its texts are
written in, each with page texts. English is the fallback wherever a language is unknown.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

FALLBACK = "en"
"""Every framework is written in English, and every page text exists in it."""

LANGUAGES_PATH = Path(__file__).parent / "locales" / "languages.yaml"
DIRECTIONS = ("ltr", "rtl")


@dataclass(frozen=True)
class Language:
    """A language as the pages and reports show it."""

    code: str
    name: str
    """Its own name for itself, as the language picker shows it."""
    direction: str = "ltr"
    """``ltr`` or ``rtl``: the page and the report set ``dir`` from it."""
    decimal_mark: str = "."
    plotly_separators: str = ".,"
    """plotly.js's ``layout.separators``: the decimal mark, then the thousands separator."""


_added: dict[str, tuple[Language, Mapping[str, str]]] = {}
"""Languages of forks loaded in this process: code -> (language, page texts)."""


@cache
def built_in() -> Mapping[str, Language]:
    """The languages the workbook ships page texts for, by code."""
    from readiness.framework import cache as framework_cache

    data = framework_cache.read_yaml(LANGUAGES_PATH)
    return {code: Language(code, **fields) for code, fields in data.items()}


def add_language(language: Language, texts: Mapping[str, str]) -> None:
    """Make a fork's language known in this process, with its page texts (checked by
    ``readiness.i18n.locale_files``). A built-in language cannot be replaced."""
    if language.code not in built_in():
        _added[language.code] = (language, texts)


def added_texts(code: str) -> Mapping[str, str] | None:
    """The page texts of a fork's language; None for a built-in or unknown one."""
    entry = _added.get(code)
    return entry[1] if entry else None


def has_page_texts(code: str) -> bool:
    return code in built_in() or code in _added


def language(code: str) -> Language:
    """The language ``code`` (English for an unknown one)."""
    if code in _added:
        return _added[code][0]
    languages = built_in()
    return languages.get(code) or languages[FALLBACK]


def direction(code: str) -> str:
    """``rtl`` for a right-to-left language, ``ltr`` otherwise."""
    return language(code).direction


def language_name(code: str) -> str:
    return language(code).name if has_page_texts(code) else code


def pick(text: Mapping[str, str], language: str) -> str:
    """Return ``text`` in ``language``, falling back to English where it has none."""
    return text.get(language) or text[FALLBACK]
