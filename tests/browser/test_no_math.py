"""The pages typeset no LaTeX (readiness_server/page_config.py): ipywidgets hands every
label and description to the page's typesetter, and Voilà's MathJax 3 cost each phone
about 205 KB on its first visit and read a "$" in anyone's text as a formula."""

from __future__ import annotations

from playwright.sync_api import expect

from readiness_server.page_config import NO_MATH_SCRIPT

TYPESET = """async () => {
  const manager = await window.jupyterapp.widgetManagerPromise.promise;
  const typesetter = manager._rendermime.latexTypesetter;
  const element = document.createElement("div");
  element.textContent = "Budget $x^2$ and \\\\(y\\\\) for 2027";
  document.body.append(element);
  await typesetter.typeset(element);
  await new Promise((resolve) => setTimeout(resolve, 3000));  // MathJax 3 renders async
  return {text: element.textContent, html: element.innerHTML,
          formulas: document.querySelectorAll("mjx-container, .MathJax").length,
          scripts: performance.getEntriesByType("resource").map((entry) => entry.name)};
}"""


def test_the_page_typesets_nothing_and_fetches_no_mathjax(page, server):
    page.goto(f"{server.url}?lang=en")
    expect(page.get_by_label("Project name")).to_be_visible()
    seen = page.evaluate(TYPESET)
    # The text stays as written: no formula, no markup added.
    assert seen["text"] == "Budget $x^2$ and \\(y\\) for 2027", seen
    assert seen["html"] == seen["text"] and seen["formulas"] == 0, seen
    # The typesetter is the workbook's few lines, fetched from the page's own server.
    stubs = [url for url in seen["scripts"] if f"/{NO_MATH_SCRIPT}" in url]
    assert len(stubs) == 1 and stubs[0].startswith(server.url), seen["scripts"]
