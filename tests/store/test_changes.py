"""The store says cheaply whether anyone wrote to it since the last look (issue 18.5): the
pages' live views read the store again only then."""

from __future__ import annotations

import json
import subprocess
import sys

from readiness.framework.model import default_framework
from readiness.store import open_store
from tests.conftest import ROOT


def test_a_write_in_this_or_another_process_is_seen_once_and_a_read_is_not(store,
                                                                           store_location):
    framework = default_framework()
    watch = store.watch_changes()
    try:
        assert watch.changed()  # the first look
        if not watch.exact:  # PostgreSQL: it cannot tell, so it always says so
            assert watch.changed()
            return
        assert not watch.changed()
        record = store.create_assessment(framework, project="Watched")
        assert watch.changed()
        assert not watch.changed()
        store.answers(record.id)  # a read (BEGIN IMMEDIATE all the same) is no change
        assert not watch.changed()
        question = framework.questions[0]
        subprocess.run(
            [sys.executable, "-c",
             "import json, sys; from readiness.store import open_store;"
             "from readiness.framework.model import default_framework;"
             "open_store(sys.argv[1]).save_answer(default_framework(), sys.argv[2],"
             " sys.argv[3], json.loads(sys.argv[4]))",
             store_location, record.id, question.id, json.dumps(question.options[0].value)],
            cwd=ROOT, check=True)
        assert watch.changed()
        assert not watch.changed()
    finally:
        watch.close()


def test_a_store_file_that_is_gone_says_it_may_have_changed(tmp_path):
    location = tmp_path / "store.sqlite3"
    store = open_store(str(location))
    watch = store.watch_changes()
    assert watch.changed() and not watch.changed()
    watch._connection.close()  # as if the file had become unreadable
    assert watch.changed() and watch.changed()
