"""A fork's own languages: locale files beside its framework file.

A framework file may name a folder of locale files (``framework.locales``, relative to the
framework file). Each file there is ``<code>.yaml`` and gives one language's page texts::

    language:
      name: עברית            # as the language picker shows it
      direction: rtl          # ltr or rtl
      decimal_mark: "."
      plotly_separators: ".," # plotly.js layout.separators
    texts:
      app_title: "..."        # every key of readiness/i18n/locales/ui.yaml
      ...

A file is checked whenever its framework is loaded: a missing or unknown key, a text whose
``{placeholders}`` differ from the English one, or a bad declaration is refused with a
:class:`~readiness.errors.FrameworkError` naming the file and the entries.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

from readiness.errors import FrameworkError
from readiness.i18n.languages import DIRECTIONS, Language, add_language, built_in
from readiness.i18n.ui_text import ui_texts

CODE = re.compile(r"^[a-z]{2,3}$")
_PLACEHOLDER = re.compile(r"{(\w*)}")
Problem = tuple[str, str]


def locale_path(folder: Path, code: str) -> Path:
    return folder / f"{code}.yaml"


def load_locale(path: Path) -> tuple[Language, dict[str, str]]:
    """Read and check one locale file; raise :class:`FrameworkError` naming what is wrong."""
    data = _read(path)
    problems = list(locale_problems(data))
    if problems:
        raise FrameworkError(str(path), problems)
    return Language(path.stem, **data["language"]), dict(data["texts"])


def add_locales(folder: Path, codes) -> None:
    """Load the locale file of every language in ``codes`` the workbook has no page texts
    for, from ``folder``, and make it known to the pages (``add_language``)."""
    for code in codes:
        if code in built_in():
            continue
        language, texts = load_locale(locale_path(folder, code))
        add_language(language, texts)


def locale_problems(data: object) -> list[Problem]:
    """Every problem of a locale file's data; empty when it is good."""
    if not isinstance(data, dict) or set(data) != {"language", "texts"}:
        return [("", "should be a mapping with exactly two entries: language and texts")]
    problems: list[Problem] = []
    declared = data["language"]
    if not isinstance(declared, dict):
        return [("language", "should be a mapping with name, direction, decimal_mark and "
                 "plotly_separators")]
    fields = {"name", "direction", "decimal_mark", "plotly_separators"}
    problems += [(f"language.{name}", "is missing") for name in sorted(fields - set(declared))]
    problems += [(f"language.{name}", "is not a field of a language")
                 for name in sorted(set(declared) - fields)]
    for name in sorted(fields & set(declared)):
        if not isinstance(declared[name], str):
            problems.append((f"language.{name}", "should be text"))
        elif name in ("name", "decimal_mark") and not declared[name].strip():
            problems.append((f"language.{name}", "is empty"))
    if declared.get("direction") not in DIRECTIONS:
        problems.append(("language.direction", f"is {declared.get('direction')!r}; use "
                         "ltr or rtl"))
    separators = declared.get("plotly_separators")
    if not isinstance(separators, str) or len(separators) != 2:
        problems.append(("language.plotly_separators", "should be two characters: the "
                         "decimal mark and the thousands separator"))
    texts = data["texts"]
    if not isinstance(texts, dict):
        return [*problems, ("texts", "should be a mapping of page-text keys to texts")]
    english = {key: value["en"] for key, value in ui_texts().items()}
    missing = sorted(set(english) - set(texts))
    if missing:
        problems.append(("texts", f"is missing {len(missing)} key(s): {', '.join(missing)}"))
    problems += [(f"texts.{key}", "is not a page-text key of the workbook")
                 for key in sorted(set(texts) - set(english))]
    for key in sorted(set(texts) & set(english)):
        text = texts[key]
        if not isinstance(text, str) or not text.strip():
            problems.append((f"texts.{key}", "is empty"))
        elif _placeholders(text) != _placeholders(english[key]):
            problems.append((f"texts.{key}", "should have the placeholders "
                             f"{_shown(english[key])} as the English text has, not "
                             f"{_shown(text)}"))
    return problems


def _placeholders(text: str) -> set[str]:
    return set(_PLACEHOLDER.findall(text))


def _shown(text: str) -> str:
    return ", ".join(f"{{{name}}}" for name in sorted(_placeholders(text))) or "none"


def _read(path: Path) -> Mapping:
    from readiness.framework import cache as framework_cache

    data = framework_cache.read(path, schema=None)
    if data is not None:
        return data
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise FrameworkError(str(path), [("", "no such file: the framework names this "
                                          "language, so it needs this locale file of page "
                                          "texts")]) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise FrameworkError(str(path), [("", f"cannot be read: {exc}")]) from None
    from readiness.framework.validation import parse_yaml

    data = parse_yaml(str(path), text)
    if not locale_problems(data):
        framework_cache.write(path, data, schema=None)
    return data
