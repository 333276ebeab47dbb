"""JSON Schema validation, imported without jsonschema's slowest optional part.

jsonschema imports ``rfc3987_syntax`` (when installed) for its optional "iri" format
checks, which builds grammars and slows every kernel start (docs/framework.md has the
figure); the workbook's schemas use no such format.
Marking it absent makes jsonschema skip it, as it does when the package is not installed.
"""

import sys

sys.modules.setdefault("rfc3987_syntax", None)

from jsonschema import Draft202012Validator  # noqa: E402

__all__ = ["Draft202012Validator"]
