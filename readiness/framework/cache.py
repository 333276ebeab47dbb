"""A cache of validated framework files (and the parsed page texts), so a page's kernel
need not import the YAML parser or jsonschema.

An entry is ``<key>.json`` in :func:`cache_dir`. The key is the SHA-256 of the file's bytes,
then the schema file's bytes (none for the page texts, which are only parsed), then the
workbook's version string (``readiness.__version__``). So a changed file or schema misses
the cache and is validated afresh. The validating code itself is not in the key: a change to
it that does not change the version still finds the old entries (clear the cache folder
after such a change). Only data that passed validation is ever written. A cache that cannot
be read or written is simply not used.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import platformdirs

from readiness import __version__

CACHE_ENV_VAR = "READINESS_CACHE_DIR"
SCHEMA_PATH = Path(__file__).parent / "schemas" / "framework.v1.schema.json"


def cache_dir() -> Path:
    configured = os.environ.get(CACHE_ENV_VAR)
    if configured:
        return Path(configured)
    return platformdirs.user_cache_path("readiness-workbook", appauthor=False) / "frameworks"


def _key(path: Path, schema: Path | None) -> str | None:
    try:
        digest = hashlib.sha256(path.read_bytes())
        if schema is not None:
            digest.update(schema.read_bytes())
    except OSError:
        return None
    digest.update(__version__.encode())
    return digest.hexdigest()


def read(path: Path, schema: Path | None = SCHEMA_PATH) -> dict | None:
    """The validated data of ``path``, or None when it is not cached.

    ``schema`` is the file it was validated against (None: only parsed, not validated)."""
    key = _key(path, schema)
    if key is None:
        return None
    try:
        return json.loads((cache_dir() / f"{key}.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def write(path: Path, data: dict, schema: Path | None = SCHEMA_PATH) -> None:
    """Remember ``data`` (already validated) for ``path``; failures are ignored."""
    key = _key(path, schema)
    if key is None:
        return
    target = cache_dir() / f"{key}.json"
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(f"{target.name}.{os.getpid()}.partial")
        partial.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        partial.replace(target)
    except OSError:
        pass


def read_yaml(path: Path) -> dict:
    """A YAML data file without a schema (page texts, export labels, languages), parsed once
    and cached as JSON: a page's kernel then need not import the YAML parser."""
    data = read(path, schema=None)
    if data is None:
        import yaml

        data = yaml.load(path.read_text(encoding="utf-8"),
                         Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        write(path, data, schema=None)
    return data
