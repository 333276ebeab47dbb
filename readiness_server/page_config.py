"""What the served page is told before its front end starts (Voilà's ``page_config_hook``).

* Voilà's bundle comes from its content-hashed folder (``static_assets.py``);
* no LaTeX typesetting. ipywidgets passes every label, description and button text
  through the page's typesetter. Voilà 0.5 bundles MathJax 3 for that and loads it, about
  205 KB compressed, as soon as the first label is shown; and a ``$`` in a project's name
  or a member's answer would start a formula. Voilà's page config lets a page name a
  MathJax 2 script instead (``fullMathjaxUrl``; Voilà then uses JupyterLab's MathJax 2
  plugin, which loads that script on the first typeset). The workbook names its own
  ``no-math.js``, a few lines whose typeset does nothing: the pages never show formulas.
"""

from __future__ import annotations

from readiness_server.static_assets import hashed_static_url

NO_MATH_SCRIPT = "no-math.js"
"""In the workbook template's static folder, served beside Voilà's bundle."""


def page_config_hook(page_config, base_url, settings, log, voila_configuration,
                     notebook_path=None):
    """Voilà's page config hook: hashed static files, and a typesetter that does nothing."""
    static_url = hashed_static_url(page_config, settings)
    return {**page_config,
            "fullStaticUrl": static_url,
            "fullMathjaxUrl": f"{static_url}/{NO_MATH_SCRIPT}",
            "mathjaxConfig": "none"}
