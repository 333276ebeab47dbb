"""Static files compressed once (readiness_server/static_assets.py, issue 18): gzip level 9
at once, zopfli's smaller gzip made in the background and kept on disk by content hash."""

from __future__ import annotations

import gzip

import pytest

from readiness_server.static_assets import CompressedFiles

pytest.importorskip("zopfli")


@pytest.fixture
def script(tmp_path):
    path = tmp_path / "page.js"
    lines = (f"function step{n}(model) {{ return model.get('value_{n % 37}') + {n}; }}"
             for n in range(3000))
    path.write_text("\n".join(lines))
    return path


def test_gzip_goes_out_at_once_and_zopflis_smaller_gzip_once_made(script, tmp_path):
    files = CompressedFiles(tmp_path / "cache")
    data = script.read_bytes()
    coding, first = files.copy(str(script), {"gzip"})
    assert coding == "gzip" and first == gzip.compress(data, 9, mtime=0)
    files.wait()
    coding, later = files.copy(str(script), {"gzip"})
    assert coding == "gzip" and gzip.decompress(later) == data
    assert len(later) < len(first)
    assert [path.suffix for path in (tmp_path / "cache").iterdir()] == [".gz"]


def test_another_server_sends_the_copy_on_disk_from_its_first_answer(script, tmp_path):
    made = CompressedFiles(tmp_path / "cache")
    made.copy(str(script), {"gzip"})
    made.wait()
    expected = made.copy(str(script), {"gzip"})

    again = CompressedFiles(tmp_path / "cache")

    def refuse(_data):
        raise AssertionError("compressed again")

    again._zopfli = type("NoZopfli", (), {"compress": staticmethod(refuse)})
    assert again.copy(str(script), {"gzip"}) == expected
    again.wait()
    assert again.copy(str(script), {"gzip"}) == expected


def test_a_browser_without_gzip_gets_the_file_as_it_is(script, tmp_path):
    assert CompressedFiles(tmp_path / "cache").copy(str(script), {"identity"}) is None


def test_brotli_once_made_for_a_browser_that_accepts_it(script, tmp_path):
    brotli = pytest.importorskip("brotli")
    files = CompressedFiles(tmp_path / "cache")
    assert files.copy(str(script), {"br", "gzip"})[0] == "gzip"  # until brotli is made
    files.wait()
    coding, body = files.copy(str(script), {"br", "gzip"})
    assert coding == "br" and brotli.decompress(body) == script.read_bytes()
    assert sorted(path.suffix for path in (tmp_path / "cache").iterdir()) == [".br", ".gz"]
