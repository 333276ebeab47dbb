"""Languages of the workbook and how a translated text is picked."""

from collections.abc import Mapping

LANGUAGES: tuple[str, ...] = ("en", "sv", "da")
"""Every text in a framework exists in each of these languages."""

LANGUAGE_NAMES: Mapping[str, str] = {"en": "English", "sv": "Svenska", "da": "Dansk"}


def pick(text: Mapping[str, str], language: str) -> str:
    """Return ``text`` in ``language``, falling back to English for an unknown language."""
    if language not in LANGUAGES:
        language = "en"
    return text[language]
