"""A study's data written for statistics programs: answers, scores, gates, the codebook and
the action plans, as CSV, an Excel workbook, Parquet, SPSS (.sav) or Stata (.dta).

SPSS and Stata files carry variable labels and value labels (pyreadstat), one file set per
language: ``answers-sv.sav`` labels each question with its Swedish text and each level with
its Swedish option. Their answers are wide (one row per assessment, one variable per
question, the level as given, -1 for "don't know"); the tidy long frames (with
``effective_level``) are in every format as ``answers``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from pathlib import Path

import pandas as pd

from readiness.data import labels as data_labels
from readiness.data.study import ID_COLUMNS, Study
from readiness.errors import ReadinessError
from readiness.i18n.languages import pick
from readiness.store import Store
from readiness.store.plans import assessment_plan, plan_of_session
from readiness.store.sessions import find_session

FORMATS = ("csv", "xlsx", "parquet", "spss", "stata")
PLAN_COLUMNS = ("plan_kind", "plan_id", "project", "session", "round", "action_id", "action",
                "owner", "due", "status", "updated_at")
DONT_KNOW_CODE = -1
# Variable and value labels in each language: readiness/i18n/locales/data.yaml (labels.py).


def plans_frame(store: Store | None, study: Study, language: str = "en") -> pd.DataFrame:
    """The action plans of the study's sessions and assessments (empty without a store:
    files hold their own plans, which ``load`` does not read)."""
    rows = []
    if store is not None:
        ids = study.scores.drop_duplicates("assessment_id")
        for session in sorted(s for s in ids["session"].dropna().unique() if s):
            found = find_session(store, session)
            for item in plan_of_session(store, found.id):
                rows.append({"plan_kind": "session", "plan_id": session,
                             "project": found.project, "session": session,
                             "round": found.round, **_item(study, item, language)})
        for row in ids.itertuples():
            for item in assessment_plan(store, row.assessment_id):
                rows.append({"plan_kind": "assessment", "plan_id": row.assessment_id,
                             "project": row.project, "session": row.session,
                             "round": row.round, **_item(study, item, language)})
    frame = pd.DataFrame(rows, columns=list(PLAN_COLUMNS))
    frame["updated_at"] = pd.to_datetime(frame["updated_at"], utc=True)
    return frame


def _item(study: Study, item, language: str) -> dict:
    try:
        text = pick(study.framework.action(item.action_id).text, language)
    except KeyError:
        text = ""
    return {"action_id": item.action_id, "action": text, "owner": item.owner, "due": item.due,
            "status": item.status, "updated_at": item.updated_at}


def _naive(frame: pd.DataFrame) -> pd.DataFrame:
    """Times as UTC without a zone: Excel, SPSS and Stata hold no time zones."""
    frame = frame.copy()
    for column in frame.columns:
        if isinstance(frame[column].dtype, pd.DatetimeTZDtype):
            frame[column] = frame[column].dt.tz_convert("UTC").dt.tz_localize(None)
    return frame


def export_study(study: Study, directory: str | Path, fmt: str, *, store: Store | None = None,
                 languages: Sequence[str] = (),
                 progress: Callable[[Path], None] = lambda path: None) -> list[Path]:
    """Write the study in ``fmt`` into ``directory`` (created); return the files written,
    calling ``progress`` after each."""
    if fmt not in FORMATS:
        raise ReadinessError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if fmt == "parquet":
        try:
            import pyarrow  # noqa: F401
        except ImportError:
            raise ReadinessError(
                "Parquet needs pyarrow, which the workbook does not install (about 150 MB): "
                "install it with 'pip install pyarrow', or choose --format csv") from None
    if fmt in ("spss", "stata"):
        try:
            import pyreadstat  # noqa: F401
        except ImportError:
            raise ReadinessError("SPSS and Stata files need pyreadstat: pip install "
                                 "pyreadstat") from None
    target = Path(directory).expanduser()
    target.mkdir(parents=True, exist_ok=True)
    languages = list(languages) or list(study.framework.languages)
    written: list[Path] = []

    def done(path: Path) -> None:
        written.append(path)
        progress(path)

    plans = plans_frame(store, study, languages[0])
    frames = {"answers": study.answers, "scores": study.scores, "gates": study.gates,
              "codebook": study.codebook(), "plans": plans}
    if fmt == "csv":
        for name, frame in frames.items():
            path = target / f"{name}.csv"
            frame.to_csv(path, index=False)
            done(path)
    elif fmt == "parquet":
        for name, frame in frames.items():
            path = target / f"{name}.parquet"
            frame.to_parquet(path, index=False)
            done(path)
    elif fmt == "xlsx":
        path = target / "study.xlsx"
        options = {"strings_to_formulas": False, "strings_to_urls": False,
                   "strings_to_numbers": False}
        with pd.ExcelWriter(path, engine="xlsxwriter",
                            engine_kwargs={"options": options}) as writer:
            for name, frame in frames.items():
                _naive(frame).to_excel(writer, sheet_name=name, index=False)
        done(path)
    else:
        for language in languages:
            for name, (frame, labels, values) in _labelled(study, store, language).items():
                path = target / f"{name}-{language}.{'sav' if fmt == 'spss' else 'dta'}"
                _write_labelled(fmt, frame, path, labels, values)
                done(path)
    return written


# -- SPSS and Stata -------------------------------------------------------------------------

def variable_name(text: str, taken: set[str]) -> str:
    """A name SPSS and Stata accept (letters, digits, _), unique, of at most 28 characters:
    pyreadstat names a Stata value label set after its variable and column number, and
    that name holds 32."""
    name = re.sub(r"\W", "_", text, flags=re.ASCII)
    if not re.match(r"[A-Za-z]", name):
        name = "q_" + name
    name = name[:28]
    base, number = name, 2
    while name.lower() in taken:
        suffix = f"_{number}"
        name, number = base[:28 - len(suffix)] + suffix, number + 1
    taken.add(name.lower())
    return name


def _wide_answers(study: Study, language: str):
    framework = study.framework
    labels = data_labels.column_labels(language)
    ids = list(ID_COLUMNS)
    answers = study.answers[~study.answers["retired"]]
    base = study.scores.drop_duplicates("assessment_id")[ids].set_index("assessment_id")
    taken = {c.lower() for c in ids}
    frame = base.copy()
    column_labels = {c: labels.get(c, c) for c in ids}
    value_labels: dict[str, dict] = {}
    dont_know = pick(framework.dont_know_label, language)
    for question in framework.questions:
        name = variable_name(question.id, taken)
        given = answers[answers["question_id"] == question.id].set_index("assessment_id")
        codes = given["level"].astype("float64").where(~given["dont_know"], DONT_KNOW_CODE)
        frame[name] = codes.reindex(frame.index)
        column_labels[name] = pick(question.text, language)
        value_labels[name] = {float(o.value): pick(o.label, language) for o in question.options}
        value_labels[name][float(DONT_KNOW_CODE)] = dont_know
    frame, _labels, flags = _long(frame.reset_index(), language)
    return frame, column_labels, {**flags, **value_labels}


def _long(frame: pd.DataFrame, language: str):
    """Yes/no columns as 0/1 with value labels; nullable integers as numbers."""
    labels = data_labels.column_labels(language)
    frame = frame.copy()
    value_labels = {}
    no, yes = data_labels.yes_no(language)
    for column in frame.columns:
        if frame[column].dtype == bool:
            frame[column] = frame[column].astype("int64")
            value_labels[column] = {0: no, 1: yes}
        elif str(frame[column].dtype) == "Int64":
            frame[column] = frame[column].astype("float64")
    return frame, {c: labels.get(c, c) for c in frame.columns}, value_labels


def _labelled(study: Study, store: Store | None, language: str) -> dict:
    codebook = study.codebook()
    keep = [c for c in codebook.columns
            if not re.search(r"_[a-z]{2,3}$", c) or c.endswith(f"_{language}")
            or c in ("framework_id", "question_id", "dimension_id")]
    codebook = codebook[keep].rename(columns=lambda c: c.removesuffix(f"_{language}"))
    return {
        "answers": _wide_answers(study, language),
        "answers_long": _long(study.answers, language),
        "scores": _long(study.scores, language),
        "plans": _long(plans_frame(store, study, language), language),
        "codebook": _long(codebook, language),
    }


def _write_labelled(fmt: str, frame: pd.DataFrame, path: Path, labels: dict[str, str],
                    values: dict[str, dict]) -> None:
    import pyreadstat

    frame = _naive(frame)
    for column in frame.columns:  # pyreadstat writes object columns of text only
        if frame[column].dtype == object:
            frame[column] = frame[column].fillna("").astype(str)
    names = list(frame.columns)
    if fmt == "spss":
        missing = {c: [DONT_KNOW_CODE] for c, v in values.items() if DONT_KNOW_CODE in v}
        pyreadstat.write_sav(frame, str(path), column_labels=[labels.get(c, c) for c in names],
                             variable_value_labels=values, missing_ranges=missing)
    else:
        for column in frame.columns:  # Stata's fixed-width text holds 2045 bytes
            if frame[column].dtype == object:
                frame[column] = frame[column].map(_stata_text)
        stata_values = {c: {int(k): v[:32000] for k, v in labels_.items()}
                        for c, labels_ in values.items()}
        pyreadstat.write_dta(frame, str(path),
                             column_labels=[labels.get(c, c)[:80] for c in names],
                             variable_value_labels=stata_values, version=15)


def _stata_text(text: str) -> str:
    data = text.encode("utf-8")
    return text if len(data) <= 2045 else data[:2045].decode("utf-8", "ignore")
