"""The ``readiness`` command line."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from readiness.exchange.assessment_file import import_assessment, read_assessment_file, write_export
from readiness.framework.model import Framework, default_framework, load_framework
from readiness.i18n.languages import pick
from readiness.i18n.numbers import score_text
from readiness.scoring.evaluation import evaluate

from . import __version__
from .errors import ReadinessError
from .store import STORE_ENV_VAR, open_store
from .store.engine import resolve_store_url, store_location
from .store.repository import not_sqlite_message


def _framework(path: str | None) -> Framework:
    return load_framework(path) if path else default_framework()


def cmd_validate(args) -> int:
    framework = _framework(args.path)
    print(f"OK {framework.path}: {framework.summary()}")
    return 0


def cmd_framework(args) -> int:
    framework = _framework(args.path)
    if args.json:
        print(json.dumps(framework.to_dict(), ensure_ascii=False, indent=2))
        return 0
    language = args.language
    if language not in framework.languages:
        raise ReadinessError(f"unknown language {language!r}: the framework is written in "
                             f"{', '.join(framework.languages)}")
    print(pick(framework.title, language), f"({framework.id} {framework.version})")
    for dimension in framework.dimensions:
        print(f"\n{pick(dimension.label, language)} [{dimension.id}]")
        for question in framework.questions_in(dimension.id):
            print(f"  {question.id}: {pick(question.text, language)}")
    return 0


def cmd_score(args) -> int:
    framework = _framework(args.framework)
    checked = read_assessment_file(args.file, framework)
    result = evaluate(framework, checked.answer_values)
    if args.format == "json":
        document = {"assessment": checked.record.id, "framework": framework.id,
                    "framework_version": framework.version, **result.to_dict()}
        print(json.dumps(document, ensure_ascii=False, indent=2))
        return 0
    language = args.language or checked.record.language
    bands = {band.id: pick(band.label, language) for band in framework.bands}
    print(f"{checked.record.project} ({checked.record.id})")
    for score in result.profile.dimensions:
        label = pick(framework.dimension(score.dimension_id).label, language)
        shown = "-" if score.score is None else score_text(score.score, language)
        band = bands[score.band] if score.band else "no answers"
        if score.provisional:
            band += " (provisional)"
        print(f"  {label:<45} {shown:>5}  {band:<32} {score.answered}/{score.total} answered")
    for flag in result.flags:
        print(f"  FLAG {flag.id}: {pick(flag.title, language)}")
    for recommendation in result.actions:
        action = recommendation.action
        because = ", ".join(recommendation.questions + recommendation.flags)
        print(f"  ACTION {action.id}: {pick(action.text, language)}\n"
              f"    because: {because}")
    for item_id in result.open_questions:
        print(f"  OPEN {item_id}: {pick(framework.item(item_id).text, language)}")
    return 0


def _import_paths(names: Sequence[str]) -> list[Path]:
    """The files named, a folder standing for its *.json files (sorted)."""
    paths: list[Path] = []
    for name in names:
        path = Path(name).expanduser()
        paths += sorted(path.glob("*.json")) if path.is_dir() else [path]
    return paths


def _import_one(store, framework: Framework, path: Path, replace: bool,
                pending: list | None = None) -> str | None:
    """Import one assessment file or session download; the line saying what was done.
    With ``pending``, a checked assessment file is added to it instead (written later in
    a batch, ``_import_pending``) and None returned."""
    from readiness.exchange.session_file import (
        import_session,
        is_session_document,
        read_session_file,
    )

    try:
        head = path.read_bytes()[:4000]
    except OSError as exc:
        raise ReadinessError(f"{path}: cannot be read: {exc.strerror}") from None
    if is_session_document(head):
        checked = read_session_file(path, framework)
        session, key = import_session(store, checked)
        return (f"imported session {session.display_code} ({checked.project}, "
                f"{len(checked.members)} members, closed) from {path}; facilitator key: "
                f"{key} (shown once)")
    checked = read_assessment_file(path, framework)
    if pending is not None:
        pending.append((path, checked))
        return None
    assessment_id = import_assessment(store, checked, replace=replace)
    return f"imported {assessment_id} ({len(checked.answers)} answers) from {path}"


def _import_error(path: Path, exc: ReadinessError) -> None:
    message = str(exc)
    if not message.startswith(str(path)):
        message = f"{path}: {message}"
    print(f"error: {message}", file=sys.stderr, flush=True)


def _import_pending(store, pending: list, replace: bool) -> int:
    """Write the checked assessment files in one transaction (``put_records``) and say so
    for each; if the batch is refused (an id already stored), each file on its own, with
    its own line. Return how many failed."""
    from readiness.store.batch import WholeAssessment, put_records

    failed = 0
    try:
        put_records(store, [WholeAssessment(c.record, c.answers, c.notes, c.plan)
                            for _path, c in pending], replace=replace)
        done = pending
    except ReadinessError:
        done = []
        for path, checked in pending:
            try:
                import_assessment(store, checked, replace=replace)
                done.append((path, checked))
            except ReadinessError as exc:
                failed += 1
                _import_error(path, exc)
    for path, checked in done:
        print(f"imported {checked.record.id} ({len(checked.answers)} answers) from {path}",
              flush=True)
    pending.clear()
    return failed


def cmd_import(args) -> int:
    """Many files: checked one by one, assessment files written in batches (one
    transaction each), session downloads one at a time."""
    from readiness.store.batch import BATCH

    framework = _framework(args.framework)
    paths = _import_paths(args.file)
    if not paths:
        raise ReadinessError("no files to import (a folder is read for its *.json files)")
    store = open_store(args.store)
    failed, pending = 0, []
    for path in paths:
        try:
            line = _import_one(store, framework, path, args.replace, pending)
            if line is not None:
                print(line, flush=True)
        except ReadinessError as exc:  # one bad file does not stop the others
            failed += 1
            _import_error(path, exc)
        if len(pending) >= BATCH or (pending and path == paths[-1]):
            failed += _import_pending(store, pending, args.replace)
    if len(paths) > 1:
        print(f"{len(paths) - failed} of {len(paths)} files imported into {store.url}")
    return 1 if failed else 0


def cmd_export(args) -> int:
    store = open_store(args.store)
    if args.format == "json":
        path = write_export(store, args.id, args.output)
        print(f"exported {args.id} to {path}")
        return 0
    from readiness.exchange.report_data import resolve
    from readiness.exchange.tabular import write_csv, xlsx_bytes

    framework = _framework(args.framework)
    data = resolve(store, framework, args.id, rounds=args.rounds)
    language = args.language or data.language
    if args.format == "csv":
        written = write_csv(framework, data, language, args.output)
    else:
        target = Path(args.output)
        target.write_bytes(xlsx_bytes(framework, data, language))
        written = [target]
    print("wrote " + ", ".join(str(path) for path in written))
    return 0


def _report_file_name(project: str, taken: set[str]) -> str:
    """A project's report file name: its letters and digits (any script), made unique."""
    import re

    stem = re.sub(r"[^\w]+", "-", project).strip("-_").lower()[:60] or "project"
    name, number = stem, 2
    while name in taken:
        name, number = f"{stem}-{number}", number + 1
    taken.add(name)
    return name


def cmd_report_batch(args, framework: Framework) -> int:
    """One HTML and PDF report per project (every round and session of it) into a folder."""
    from readiness.exchange.report_data import from_project, project_names_with_sessions
    from readiness.render.report import NoBrowser, render_html, write_pdf

    if args.target or args.pdf or args.rounds:
        raise ReadinessError("--batch reports projects into the folder given with -o: give "
                             "no target, --pdf or --rounds with it")
    store = open_store(args.store)
    projects = args.project or project_names_with_sessions(store)
    if not projects:
        raise ReadinessError(f"no group sessions in {store.url}: nothing to report")
    folder = Path(args.output).expanduser()
    folder.mkdir(parents=True, exist_ok=True)
    taken: set[str] = set()
    failed = 0
    for project in projects:
        try:
            data = from_project(store, project)
        except ReadinessError as exc:
            print(f"error: {exc}", file=sys.stderr, flush=True)
            failed += 1
            continue
        language = args.language or data.language
        html = render_html(framework, data, language, with_names=args.with_names)
        target = folder / f"{_report_file_name(project, taken)}.html"
        target.write_text(html, encoding="utf-8")
        print(f"wrote {target}", flush=True)
        if args.no_pdf:
            continue
        try:
            write_pdf(html, target.with_suffix(".pdf"), language)
        except NoBrowser as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 1
        print(f"wrote {target.with_suffix('.pdf')}", flush=True)
    return 1 if failed else 0


def cmd_report(args) -> int:
    from readiness.exchange.report_data import from_project, resolve
    from readiness.render.report import NoBrowser, render_html, write_pdf

    framework = _framework(args.framework)
    if args.batch:
        return cmd_report_batch(args, framework)
    if bool(args.target) == bool(args.project) or len(args.project or []) > 1:
        raise ReadinessError("name what to report: an assessment id, a file or a join code, "
                             "or one --project (several: --batch)")
    if args.project:
        store = open_store(args.store)
        data = from_project(store, args.project[0])
    else:
        store = _report_store(args, framework)
        data = resolve(store, framework, args.target, rounds=args.rounds)
    language = args.language or data.language
    html = render_html(framework, data, language, with_names=args.with_names)
    Path(args.output).write_text(html, encoding="utf-8")
    print(f"wrote {args.output}")
    if args.pdf:
        try:
            write_pdf(html, args.pdf, language)
        except NoBrowser as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 1
        print(f"wrote {args.pdf}")
    return 0


def _report_store(args, framework: Framework):
    """The store a report reads: a session download (the facilitator's file) is read into
    a store in memory, then reported by its join code; nothing is written anywhere."""
    from readiness.exchange.session_file import (
        import_session,
        is_session_document,
        read_session_file,
    )

    target = Path(args.target)
    if target.is_file() and is_session_document(target.read_bytes()[:4000]):
        checked = read_session_file(target, framework)
        store = open_store("sqlite://")
        import_session(store, checked)
        args.target = checked.join_code
        return store
    return open_store(args.store)


def cmd_data_export(args) -> int:
    from readiness.data import load
    from readiness.data.export import export_study

    framework = _framework(args.framework)
    store = open_store(args.store)
    study = load(store, project=args.project, session=args.session, framework=framework)
    if study.scores.empty:
        raise ReadinessError("no assessments to export for what was chosen")
    languages = [args.language] if args.language else []
    written = export_study(study, args.output, args.format, store=store, languages=languages,
                           progress=lambda path: print(f"wrote {path}", flush=True))
    count = study.scores["assessment_id"].nunique()
    print(f"{len(written)} files, {count} assessments, in {args.output}")
    for sentence in study.left_out:
        print(f"left out: {sentence}")
    return 0


def cmd_session_list(args) -> int:
    """Every session with its project, round, code, members and state: no names, no keys."""
    from readiness.store.sessions import session_table

    store = open_store(args.store)
    rows = session_table(store)
    if not rows:
        print(f"no group sessions in {store.url}")
        return 0
    print(f"{'join code':<10} {'created':<16} {'state':<6} {'members':>7}  project / area / "
          "round")
    for session, members in rows:
        state = "open" if session.is_open else "closed"
        where = " / ".join(part or "-" for part in (session.project, session.area,
                                                     session.round))
        print(f"{session.display_code:<10} {session.created_at:%Y-%m-%d %H:%M} {state:<6} "
              f"{members:>7}  {where}")
    return 0


def cmd_list(args) -> int:
    store = open_store(args.store)
    for record in store.list_assessments():
        answered = len(store.answers(record.id))
        print(f"{record.id}  {record.updated_at:%Y-%m-%d %H:%M}  {record.role:<21} "
              f"{answered:>3} answers  {record.project}")
    return 0


def cmd_backup(args) -> int:
    if not resolve_store_url(args.store).startswith("sqlite"):
        # Said before connecting: no driver or server is needed to hear it.
        raise ReadinessError(not_sqlite_message(_store_where(args)))
    store = open_store(args.store)
    copied = store.backup(args.path)
    print(f"backed up {copied} assessments from {store.url} to {args.path}")
    return 0


def cmd_serve(args) -> int:
    """Become the server (``readiness_server``, beside the core, which never imports it):
    the same process id, so a signal to ``readiness serve`` reaches the server itself."""
    import os

    argv = [sys.executable, "-m", "readiness_server.serve", "--port", str(args.port)]
    for option, value in (("--store", args.store), ("--pool", args.pool),
                          ("--cull-idle", args.cull_idle), ("--framework", args.framework),
                          ("--public-url", args.public_url)):
        if value is not None:
            argv += [option, str(value)]
    if args.lan:
        argv.append("--lan")
    sys.stdout.flush()
    os.execv(sys.executable, argv)
    return 1  # not reached


def cmd_session_create(args) -> int:
    from readiness.store.sessions import create_session

    store = open_store(args.store)
    session, key = create_session(store, _framework(args.framework),
                                  project=args.project, area=args.area,
                                  language=args.language, round_name=args.round)
    url = session.join_link(f"{args.url.rstrip('/')}/")
    print(f"Join code:        {session.display_code}")
    print(f"Join link:        {url}")
    print(f"Facilitator key:  {key}   (shown once: keep it; it alone opens the "
          "facilitator view)")
    print(f"Facilitator view: {args.url.rstrip('/')}/?facilitate={session.join_code}")
    if not args.no_qr:
        import segno

        print()
        segno.make(url, error="m").terminal(compact=True)
    return 0


def build_parser(languages: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The command line; ``--language`` offers ``languages`` (by default those of the
    framework ``--framework`` names in ``sys.argv``, else the built-in framework's)."""
    offered = list(languages or framework_languages(sys.argv[1:]))
    parser = argparse.ArgumentParser(
        prog="readiness",
        description="Readiness workbook for collaboration projects against segregation.",
    )
    parser.add_argument("--version", action="version", version=f"readiness {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    store_help = f"store location: a file path or SQLAlchemy URL (default: ${STORE_ENV_VAR} " \
                 "or the per-user data folder)"

    validate = commands.add_parser("validate", help="validate a framework file")
    validate.add_argument("path", nargs="?", help="framework YAML (default: the built-in one)")
    validate.set_defaults(run=cmd_validate)

    framework = commands.add_parser("framework", help="show the resolved framework")
    framework.add_argument("path", nargs="?", help="framework YAML (default: the built-in one)")
    framework.add_argument("--json", action="store_true", help="print it as JSON")
    framework.add_argument("--language", choices=offered, default="en")
    framework.set_defaults(run=cmd_framework)

    score = commands.add_parser("score", help="score an assessment file")
    score.add_argument("file", help="assessment JSON file")
    score.add_argument("--format", choices=("text", "json"), default="text")
    score.add_argument("--language", choices=offered, help="default: the assessment's own")
    score.add_argument("--framework", help="framework YAML (default: the built-in one)")
    score.set_defaults(run=cmd_score)

    importer = commands.add_parser(
        "import", help="import assessment files and facilitators' session downloads")
    importer.add_argument("file", nargs="+",
                          help="assessment or session JSON files, or folders of them")
    importer.add_argument("--replace", action="store_true",
                          help="overwrite an assessment with the same id")
    importer.add_argument("--framework", help="framework YAML (default: the built-in one)")
    importer.add_argument("--store", help=store_help)
    importer.set_defaults(run=cmd_import)

    export = commands.add_parser(
        "export", help="export an assessment (JSON), or its or a session's data (CSV, xlsx)")
    export.add_argument("id", help="assessment id, or a session's join code (csv, xlsx)")
    export.add_argument("-o", "--output", required=True,
                        help="file to write (csv: NAME-answers.csv and NAME-scores.csv)")
    export.add_argument("--format", choices=["json", "csv", "xlsx"], default="json")
    export.add_argument("--rounds", action="store_true",
                        help="a session: include every round of its project")
    export.add_argument("--language", choices=offered,
                        help="language of option labels (default: the assessment's)")
    export.add_argument("--framework", help="framework YAML (default: the built-in one)")
    export.add_argument("--store", help=store_help)
    export.set_defaults(run=cmd_export)

    report = commands.add_parser("report", help="an HTML (and PDF) report")
    report.add_argument("target", nargs="?",
                        help="assessment id, assessment file, a session's join code, or a "
                             "facilitator's session download")
    report.add_argument("--project", action="append", metavar="NAME",
                        help="every round and session of this project in one report "
                             "(with --batch: may be given many times)")
    report.add_argument("--batch", action="store_true",
                        help="one HTML and PDF report per project (every project with "
                             "sessions, or each --project) into the folder given with -o")
    report.add_argument("--no-pdf", action="store_true", help="--batch: HTML only")
    report.add_argument("-o", "--output", required=True,
                        help="HTML file to write (--batch: the folder)")
    report.add_argument("--pdf", help="also print it to this PDF (needs Chromium)")
    report.add_argument("--with-names", action="store_true",
                        help="the facilitator's report: names and who chose what (not for "
                             "sharing; the default report names no one)")
    report.add_argument("--rounds", action="store_true",
                        help="a session: compare every round of its project")
    report.add_argument("--language", choices=offered,
                        help="report language (default: the assessment's or session's)")
    report.add_argument("--framework", help="framework YAML (default: the built-in one)")
    report.add_argument("--store", help=store_help)
    report.set_defaults(run=cmd_report)

    listing = commands.add_parser("list", help="list the assessments in the store")
    listing.add_argument("--store", help=store_help)
    listing.set_defaults(run=cmd_list)

    backup = commands.add_parser(
        "backup", help="copy the store to a new file, safely while pages are writing")
    backup.add_argument("path", help="the backup file to create (SQLite)")
    backup.add_argument("--store", help=store_help)
    backup.set_defaults(run=cmd_backup)

    serve = commands.add_parser("serve", help="serve the workbook with Voilà")
    serve.add_argument("--port", type=int, default=8866)
    serve.add_argument("--store", help=store_help)
    serve.add_argument("--lan", action="store_true",
                       help="serve on the local network too (participants' phones); pages "
                            "then admit only join codes, facilitator keys and your link")
    serve.add_argument("--pool", type=int, metavar="PAGES",
                       help="pages prepared ahead (default 2); about the group's size makes "
                            "a meeting's pages open at once, at about 70 MB each")
    serve.add_argument("--cull-idle", type=int, metavar="SECONDS",
                       help="shut down a page's kernel after this long without a connection "
                            "(default 900)")
    serve.add_argument("--framework", metavar="PATH",
                       help="serve this framework file (a fork) on every page; default: "
                            "$READINESS_FRAMEWORK, else the built-in one")
    serve.add_argument("--public-url", metavar="URL",
                       help="the https:// address a reverse proxy on this computer serves "
                            "the workbook at (docs/deploy.md): join links carry it, and pages "
                            "admit only join codes, facilitator keys and your link")
    serve.set_defaults(run=cmd_serve)

    session = commands.add_parser("session", help="group sessions")
    session_commands = session.add_subparsers(dest="session_command", required=True)
    create = session_commands.add_parser("create", help="create a group session")
    create.add_argument("--project", required=True)
    create.add_argument("--area", default="")
    create.add_argument("--round", default="", help="e.g. planning, mid-term, end")
    create.add_argument("--language", default="en", choices=offered)
    create.add_argument("--framework", help="framework file (default: the shipped one)")
    create.add_argument("--url", default="http://127.0.0.1:8866/",
                        help="the address participants open (see `serve --lan`)")
    create.add_argument("--no-qr", action="store_true", help="do not print a QR code")
    create.add_argument("--store", help=store_help)
    create.set_defaults(run=cmd_session_create)
    session_list = session_commands.add_parser(
        "list", help="list the group sessions (no names, no keys)")
    session_list.add_argument("--store", help=store_help)
    session_list.set_defaults(run=cmd_session_list)

    data = commands.add_parser("data", help="a study's data for statistics programs")
    data_commands = data.add_subparsers(dest="data_command", required=True)
    data_export = data_commands.add_parser(
        "export", help="answers, scores, gates, codebook and action plans as files")
    data_export.add_argument("--format", required=True,
                             choices=["csv", "xlsx", "parquet", "spss", "stata"])
    data_export.add_argument("-o", "--output", required=True, metavar="DIR",
                             help="folder to write into (created)")
    data_export.add_argument("--project", help="only this project")
    data_export.add_argument("--session", metavar="CODE", help="only this session")
    data_export.add_argument("--language", choices=offered,
                             help="spss, stata: labels in this language only (default: one "
                                  "file set per language)")
    data_export.add_argument("--framework", help="framework YAML (default: the built-in one)")
    data_export.add_argument("--store", help=store_help)
    data_export.set_defaults(run=cmd_data_export)
    return parser


def _store_where(args) -> str:
    return store_location(resolve_store_url(getattr(args, "store", None)))


def framework_languages(argv: Sequence[str]) -> tuple[str, ...]:
    """The languages of the framework ``argv`` names with ``--framework`` (or as the
    ``framework`` command's path), else the built-in framework's; a framework that cannot
    be read offers the built-in ones (the command itself then says what is wrong)."""
    peek = argparse.ArgumentParser(add_help=False)
    peek.add_argument("--framework")
    known, rest = peek.parse_known_args(list(argv))
    path = known.framework
    if path is None and rest[:1] == ["framework"]:
        path = next((arg for arg in rest[1:] if not arg.startswith("-")), None)
    try:
        return _framework(path).languages
    except ReadinessError:
        return default_framework().languages


def main(argv: Sequence[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    args = build_parser(framework_languages(argv)).parse_args(argv)
    try:
        return args.run(args)
    except ReadinessError as exc:  # a store that fails says so as StoreUnavailable
        message = str(exc)
    except OSError as exc:  # a folder that cannot be created, a full disk
        message = f"{exc.filename}: {exc.strerror}" if exc.filename else str(exc)
    print(f"error: {message}", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
