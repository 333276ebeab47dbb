"""Which address a facilitator's page gives participants to join (readiness.environment)."""

from readiness.environment import join_page

PAGE = "https://hub.example.org/user/alice/voila/render/workbook.ipynb"
HUB = {"JUPYTERHUB_SERVICE_PREFIX": "/user/alice/", "JUPYTERHUB_BASE_URL": "/"}


def test_on_its_own_the_page_gives_its_own_address():
    assert join_page("http://127.0.0.1:8866/", {}) == "http://127.0.0.1:8866/"
    assert join_page("", {}) == "/"


def test_serve_lan_gives_the_public_address():
    public = {"READINESS_PUBLIC_URL": "http://192.168.1.5:8866/"}
    assert join_page("http://127.0.0.1:8866/", public) == "http://192.168.1.5:8866/"


def test_under_jupyterhub_each_person_opens_the_page_in_their_own_server():
    assert join_page(PAGE, HUB) == \
        "https://hub.example.org/hub/user-redirect/voila/render/workbook.ipynb"


def test_a_hub_under_a_base_url_keeps_it():
    hub = {"JUPYTERHUB_SERVICE_PREFIX": "/jh/user/alice/", "JUPYTERHUB_BASE_URL": "/jh/"}
    page = "https://example.org/jh/user/alice/voila/render/workbook.ipynb"
    assert join_page(page, hub) == \
        "https://example.org/jh/hub/user-redirect/voila/render/workbook.ipynb"
