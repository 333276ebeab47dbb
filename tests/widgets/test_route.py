"""The route: which page shows while no assessment is open, kept in the page's address."""

from __future__ import annotations

from urllib.parse import parse_qs

import pytest

from readiness_widgets import WorkbookApp
from readiness_widgets.app import read_query
from readiness_widgets.route import PAGES, Route
from readiness_widgets.sessions.facilitator import CreateSessionPanel
from readiness_widgets.sessions.join import JoinPanel
from tests.widgets.pages import find


@pytest.mark.parametrize("route", [Route(), Route("join", "ABCD2345"),
                                   Route("facilitate", "ABCD2345"), Route("new_session"),
                                   Route("case", "hotspot"), Route("trainer")])
def test_a_route_survives_its_own_address(route):
    query = {key: values[0] for key, values in parse_qs(
        "&".join(f"{k}={v}" for k, v in route.query().items())).items()}
    assert Route.from_query(read_query("&".join(f"{k}={v}" for k, v in query.items()))) \
        == route


def test_an_unknown_page_is_refused():
    with pytest.raises(ValueError, match="no page 'admin'"):
        Route("admin")
    assert set(PAGES) >= {"start", "join", "facilitate"}


def test_a_route_change_builds_the_page_once_and_writes_the_address(store, framework):
    app = WorkbookApp(framework, store, "lang=sv")
    builds = []
    app.body.observe(builds.append, "children")
    app.route = Route("join", "ABCD2345")
    assert len(builds) == 1 and find(app, JoinPanel)
    assert parse_qs(app.bridge.query) == {"join": ["ABCD2345"], "lang": ["sv"]}
    app.route = Route("join", "ABCD2345")  # the same route: nothing rebuilt
    assert len(builds) == 1
    app.go_to(Route("new_session"))
    assert len(builds) == 2 and find(app, CreateSessionPanel)
    app.go_to(Route("new_session"))  # asked for again (e.g. a key typed): built anew
    assert len(builds) == 3
