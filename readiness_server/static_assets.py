"""The page's static files, compressed once and cached by the browser for as long as they
stay the same (issue 18: a room of phones on one laptop's Wi-Fi).

Voilà serves its JavaScript and CSS uncompressed, and asks the browser to revalidate most
of it on every visit. Here Voilà's three static handlers (its bundle under
``voila/static/``, the template files under ``voila/templates/``, the widget extensions
under ``voila/labextensions/``) get one mixin, :class:`CompressedStatic`, which

* sends a file **brotli- or gzip-compressed** when the browser accepts it. Each file is
  compressed once per server: gzip at level 9 the first time it is asked for (a few
  milliseconds), then in a background thread brotli at quality 11 and zopfli's gzip
  (4.5 % smaller than level 9, and what a phone on the room's network gets: it accepts
  brotli only over HTTPS), each kept on disk by content hash, so a restart or another
  server on the machine never compresses the file again. The thread takes about 20
  seconds of one core for all the files a page uses, once per machine. Until a file's
  better copy is ready, it goes out as gzip level 9. A request for a byte range, or a
  file that compression would not shrink (fonts, pictures), is served as Voilà serves it;
* lets the browser **keep files under content-hashed URLs for a year** without asking
  again: the template files with tornado's ``?v=<hash>``, the extensions' webpack chunks
  whose names carry their hash, and Voilà's own bundle under
  ``voila/static/h-<digest>/``, where the digest covers every file of the static folders
  (:func:`hashed_static_url`, through ``page_config.py``, points the page, and with it
  webpack's chunk loader, there).
  Everything else is still revalidated, as before.

The page itself and the server's other answers go out gzip-compressed by tornado
(:func:`compressing_responses` sets its ``compress_response``; Voilà applies its
``tornado_settings`` only after tornado has chosen its transforms, so that setting cannot
be given there); tornado leaves the static files' own compression alone.

``READINESS_STATIC_PLAIN=1`` in Voilà's environment turns all of this off (the benchmark
measures the difference in one run). ``brotli`` (MIT, Google's) and ``zopfli``
(Apache-2.0, Google's compressor) are optional: without them every file goes out as gzip
level 9.
"""

from __future__ import annotations

import gzip
import hashlib
import mimetypes
import os
import re
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

PLAIN_ENV_VAR = "READINESS_STATIC_PLAIN"
HASHED_PREFIX = "h-"
YEAR_S = 365 * 24 * 3600
IMMUTABLE = f"public, max-age={YEAR_S}, immutable"
WEBPACK_HASHED = re.compile(r"\.[0-9a-f]{8,}\.(js|css)$")
"""A webpack chunk whose name carries its content hash (``84.09c61a35dce1705f.js``)."""
COMPRESSIBLE_TYPES = ("application/javascript", "application/json", "image/svg+xml",
                      "text/javascript")
MIN_SIZE = 1024
WORTH_IT = 0.9  # compressed must be at most this share of the file, or it goes out plain


def plain() -> bool:
    """Whether the workbook serves static files as Voilà does (for comparison only)."""
    return os.environ.get(PLAIN_ENV_VAR, "") not in ("", "0")


def compressible(path: str) -> bool:
    kind = mimetypes.guess_type(path)[0] or ""
    return kind.startswith("text/") or kind in COMPRESSIBLE_TYPES


def accepted_encodings(header: str) -> set[str]:
    """The codings an ``Accept-Encoding`` header accepts (those with ``q=0`` refused)."""
    accepted = set()
    for part in header.split(","):
        name, _, params = part.strip().partition(";")
        if name and params.replace(" ", "") not in ("q=0", "q=0.0", "q=0.00", "q=0.000"):
            accepted.add(name.strip().lower())
    return accepted


class CompressedFiles:
    """Compressed copies of files, each made once: in memory by (path, modification time,
    size), brotli and zopfli's gzip also on disk in ``cache_dir`` by content hash."""

    def __init__(self, cache_dir: Path | None):
        self.cache_dir = cache_dir
        self._copies: dict[tuple, bytes | None] = {}
        self._pending: set[tuple] = set()
        self._lock = threading.Lock()
        self._worker = ThreadPoolExecutor(1, thread_name_prefix="compress")
        try:
            import brotli
        except ImportError:
            brotli = None
        self._brotli = brotli
        try:
            import zopfli.gzip as zopfli
        except ImportError:
            zopfli = None
        self._zopfli = zopfli

    def copy(self, path: str, accepted: set[str]) -> tuple[str, bytes] | None:
        """The best compressed copy ready for a browser that accepts ``accepted``:
        ``(coding, bytes)``, or None to send the file as it is."""
        if not compressible(path):
            return None
        stat = os.stat(path)
        if stat.st_size < MIN_SIZE:
            return None
        key = (path, stat.st_mtime_ns, stat.st_size)
        if "br" in accepted and self._brotli is not None:
            if (key, "br") in self._copies:
                if (body := self._copies[key, "br"]) is not None:
                    return "br", body
            else:
                self._start(key, "br")
        if "gzip" not in accepted:
            return None
        if (key, "gzip") not in self._copies:
            data = Path(path).read_bytes()
            made = self._stored(data, "gz") if self._zopfli is not None else None
            if made is None:
                made = gzip.compress(data, 9, mtime=0)
                if self._zopfli is not None:
                    self._start(key, "gz")
            self._copies[key, "gzip"] = self._keep(data, made)
        body = self._copies[key, "gzip"]
        return None if body is None else ("gzip", body)

    def wait(self) -> None:
        """Until the copies started so far are made (one worker, in order)."""
        self._worker.submit(lambda: None).result()

    @staticmethod
    def _keep(data: bytes, compressed: bytes) -> bytes | None:
        return compressed if len(compressed) <= WORTH_IT * len(data) else None

    def _better(self, key: tuple, coding: str, data: bytes, compressed: bytes) -> None:
        """Keep ``compressed`` as the ``coding`` copy unless the one kept is smaller."""
        kept = self._copies.get((key, coding))
        if kept is None or len(compressed) < len(kept):
            self._copies[key, coding] = self._keep(data, compressed)

    def _start(self, key: tuple, suffix: str) -> None:
        """Make the ``suffix`` copy (``br``: brotli, ``gz``: zopfli's gzip) in the background."""
        with self._lock:
            if (key, suffix) in self._pending:
                return
            self._pending.add((key, suffix))
        self._worker.submit(self._make, key, suffix)

    def _path(self, data: bytes, suffix: str) -> Path | None:
        if self.cache_dir is None:
            return None
        return self.cache_dir / f"{hashlib.sha256(data).hexdigest()}.{suffix}"

    def _stored(self, data: bytes, suffix: str) -> bytes | None:
        """The copy of ``data`` kept on disk, if one is (a hash and a file read: about
        3 ms for plotly.js, so that even a server's first answer sends it)."""
        path = self._path(data, suffix)
        try:
            return path.read_bytes() if path is not None else None
        except OSError:
            return None

    def _make(self, key: tuple, suffix: str) -> None:
        data = Path(key[0]).read_bytes()
        coding = "br" if suffix == "br" else "gzip"
        stored = self._path(data, suffix)
        if (kept := self._stored(data, suffix)) is not None:
            self._better(key, coding, data, kept)
            return
        if suffix == "br":
            compressed = self._brotli.compress(data, quality=11)
        else:
            compressed = self._zopfli.compress(data)
        self._better(key, coding, data, compressed)
        if stored is not None:
            try:
                stored.parent.mkdir(parents=True, exist_ok=True)
                temporary = stored.with_name(f"{stored.name}.{os.getpid()}.tmp")
                temporary.write_bytes(compressed)
                os.replace(temporary, stored)
            except OSError:
                pass  # kept in memory all the same


def default_cache_dir() -> Path:
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("readiness-workbook")) / "compressed-static"


FILES = CompressedFiles(default_cache_dir())

_digests: dict[tuple[str, ...], str] = {}


def folders_digest(roots) -> str:
    """A hash of every file Voilà's static handler would serve from ``roots`` (the first
    folder that has a path wins, as in the handler): names and contents."""
    roots = tuple(str(root) for root in roots)
    if roots not in _digests:
        seen: dict[str, str] = {}
        for root in roots:
            for folder, _dirs, names in os.walk(root):
                for name in names:
                    full = os.path.join(folder, name)
                    seen.setdefault(os.path.relpath(full, root), full)
        hasher = hashlib.sha256()
        for relative in sorted(seen):
            hasher.update(relative.encode() + b"\0")
            hasher.update(Path(seen[relative]).read_bytes())
        _digests[roots] = hasher.hexdigest()[:16]
    return _digests[roots]


def hashed_static_url(page_config, settings) -> str:
    """Where the page loads Voilà's bundle from: its content-hashed folder (as Voilà
    does, unhashed, when static files are served plain)."""
    if plain():
        return page_config["fullStaticUrl"]
    digest = folders_digest(settings["voila"].static_paths)
    return f"{page_config['fullStaticUrl']}/{HASHED_PREFIX}{digest}"


def compressing_responses(init_settings):
    """Voilà's ``Voila.init_settings`` (the tornado application's settings) with tornado's
    gzip of every compressible answer: the page (14 KB, 3 KB compressed) and the API's."""

    def settings_with_compression(self):
        settings = init_settings(self)
        if not plain():
            settings["compress_response"] = True
        return settings

    settings_with_compression.compresses_responses = True
    return settings_with_compression


class CompressedStatic:
    """Mixed into a tornado ``StaticFileHandler``: compressed copies, long cache lifetimes
    for hashed URLs (see the module's text)."""

    hashed_folder = False
    """Whether the handler serves Voilà's folders (``self.roots``) under their digest too."""
    _copy: tuple[str, bytes] | None = None
    _immutable = False

    def parse_url_path(self, url_path):
        if self.hashed_folder and url_path.startswith(HASHED_PREFIX) and not plain():
            digest, _, rest = url_path.partition("/")
            if digest == HASHED_PREFIX + folders_digest(self.roots):
                self._immutable = True
                url_path = rest
        path = super().parse_url_path(url_path)
        if WEBPACK_HASHED.search(path) or "v" in self.request.arguments:
            self._immutable = True
        return path

    def set_headers(self):
        super().set_headers()
        if plain():
            return
        if self._immutable:
            self.set_header("Cache-Control", IMMUTABLE)
        if "Range" in self.request.headers:
            return
        accepted = accepted_encodings(self.request.headers.get("Accept-Encoding", ""))
        self._copy = FILES.copy(self.absolute_path, accepted)
        if not self.application.settings.get("compress_response"):
            self.set_header("Vary", "Accept-Encoding")  # else tornado's gzip says so
        if self._copy is not None:
            coding = self._copy[0]
            self.set_header("Content-Encoding", coding)
            self.clear_header("Accept-Ranges")
            etag = self._headers.get("Etag")
            if etag:
                self.set_header("Etag", f'{etag.rstrip(chr(34))}-{coding}"')

    def get_content_size(self):
        return len(self._copy[1]) if self._copy is not None else super().get_content_size()

    def get_content(self, abspath, start=None, end=None):
        # tornado calls this on the instance; here it is one, so the copy can be sent.
        if self._copy is not None:
            return self._copy[1][start:end]
        return super().get_content(abspath, start, end)

    @classmethod
    def get_content_version(cls, abspath):
        # tornado's own (a hash of the file), which calls get_content on the class.
        hasher = hashlib.sha512()
        with open(abspath, "rb") as file:
            for block in iter(lambda: file.read(1 << 16), b""):
                hasher.update(block)
        return hasher.hexdigest()


def compressed(handler_class, hashed_folder: bool = False):
    """``handler_class`` with :class:`CompressedStatic` mixed in."""
    return type(handler_class.__name__, (CompressedStatic, handler_class),
                {"compressed_static": True, "hashed_folder": hashed_folder})
