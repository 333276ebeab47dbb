"""The page's language and text direction, set on the page's own container.

ipywidgets cannot give a container an attribute, so this small widget sets ``lang`` and
``dir`` on the nearest ``.rw-app`` ancestor of its (empty) element. The page adds it only
once a right-to-left language has been shown (a default page never carries it): the
attributes then follow the page's language both ways.
"""

from __future__ import annotations

from traitlets import Unicode

from readiness_widgets.frontend.esm_widget import EsmWidget, compact

_ESM = """
export default {
  render({ model, el }) {
    const apply = () => {
      const page = el.closest(".rw-app");
      if (!page) { return; }
      page.setAttribute("lang", model.get("lang"));
      page.setAttribute("dir", model.get("dir"));
    };
    model.on("change:lang", apply);
    model.on("change:dir", apply);
    // The view is attached to the page after render returns.
    requestAnimationFrame(apply);
  },
};
"""


class PageDirection(EsmWidget):
    _esm = Unicode(compact(_ESM)).tag(sync=True)
    lang = Unicode("en", help="The page's language code, set as its lang attribute").tag(
        sync=True)
    dir = Unicode("ltr", help="ltr or rtl, set as the page's dir attribute").tag(sync=True)
