// The workbook's pages show no mathematics. ipywidgets hands every label and description to
// the page's LaTeX typesetter; with MathJax that is 205 KB for each phone to fetch, and a
// "$" in a project's name would be read as the start of a formula. Voilà loads this file
// in MathJax 2's place (readiness_server/page_config.py): every typeset is a no-op.
window.MathJax = {
  Hub: {
    Config() {},
    Configured() {},
    Queue() {},
    Register: { StartupHook() {} }
  }
};
