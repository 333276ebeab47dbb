"""Start Voilà the way the workbook serves it: ``python -m readiness_server.voila_launch NOTEBOOK
[voila options]`` (``readiness serve``, ``make serve``, the tests and benchmarks do).

Five things differ from ``python -m voila``:

* the pool of prepared pages serves arriving participants first (``meeting_pool.py``);
* jsonschema's optional IRI checks are skipped, as ``schema_validator.py`` does for the
  kernels: importing ``rfc3987_syntax`` builds its grammars and makes the server start
  seconds later (docs/framework.md has the figure). Nothing here validates IRIs;
* the page sets the ``_xsrf`` cookie, so a closed or reloaded tab stops its kernel at once.
  Voilà's front end sends a shutdown beacon on ``beforeunload`` with the cookie's value as
  its ``_xsrf`` field, but Voilà never sets that cookie, so the server refused every beacon
  (``403 ... '_xsrf' argument missing from POST``, voila issue #1458) and each closed tab
  kept its kernel, and its memory, until the idle cull. XSRF checks stay on: a beacon must
  carry the cookie's token, which other sites cannot read;
* static files go out compressed once and, under content-hashed URLs, are kept by the
  browser; the page itself goes out compressed too (``static_assets.py``);
* the page typesets no LaTeX, so it never fetches MathJax (``page_config.py``).

Voilà is imported only when this runs, so the core stays free of it.
"""

from __future__ import annotations

import sys


def prepare():
    """Set Voilà up as described above; returns its application module."""
    sys.modules.setdefault("rfc3987_syntax", None)
    import voila.app

    from readiness_server.meeting_pool import pooled_manager_factory

    if not getattr(voila.app.voila_kernel_manager_factory, "meeting_pool", False):
        factory = pooled_manager_factory(voila.app.voila_kernel_manager_factory)
        factory.meeting_pool = True
        voila.app.voila_kernel_manager_factory = factory
    if not getattr(voila.app.TornadoVoilaHandler, "sets_xsrf_cookie", False):
        voila.app.TornadoVoilaHandler = page_handler(voila.app.TornadoVoilaHandler)
    if not getattr(voila.app.MultiStaticFileHandler, "compressed_static", False):
        from readiness_server.static_assets import compressed

        voila.app.MultiStaticFileHandler = compressed(voila.app.MultiStaticFileHandler,
                                                      hashed_folder=True)
        voila.app.TemplateStaticFileHandler = compressed(voila.app.TemplateStaticFileHandler)
        voila.app.FileFindHandler = compressed(voila.app.FileFindHandler)
    if not getattr(voila.app.Voila.init_settings, "compresses_responses", False):
        from readiness_server.static_assets import compressing_responses

        voila.app.Voila.init_settings = compressing_responses(voila.app.Voila.init_settings)
    return voila.app


def launch_config():
    """Configuration Voilà's settings files cannot hold: a function."""
    from traitlets.config import Config

    from readiness_server.page_config import page_config_hook

    return Config({"VoilaConfiguration": {"page_config_hook": page_config_hook}})


def page_handler(voila_handler):
    """Voilà's page handler, setting the ``_xsrf`` cookie its shutdown beacon sends back."""

    class WorkbookPageHandler(voila_handler):
        sets_xsrf_cookie = True

        async def get(self, path=None):
            self.xsrf_token  # noqa: B018  (reading the token sets the cookie if missing)
            return await super().get(path)

    return WorkbookPageHandler


def main(argv: list[str] | None = None) -> int:
    app = prepare()
    sys.argv = [sys.argv[0], *(sys.argv[1:] if argv is None else argv)]
    return app.Voila.launch_instance(config=launch_config())


if __name__ == "__main__":
    sys.exit(main())
