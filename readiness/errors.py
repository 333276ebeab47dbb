"""Errors the core raises for bad input; each message says where and what is wrong."""


class ReadinessError(Exception):
    """Base class: an input the workbook cannot use, with a message meant for a person."""


class FrameworkError(ReadinessError):
    """A framework file is malformed.

    ``problems`` lists ``(entry_path, message)`` pairs, e.g.
    ``("questions[12].options[2].label.da", "is missing")``.
    """

    def __init__(self, file: str, problems: list[tuple[str, str]]):
        self.file = file
        self.problems = problems
        shown = problems[:20]
        lines = [f"{file}: {path or '(top level)'}: {message}" for path, message in shown]
        if len(problems) > len(shown):
            lines.append(f"... and {len(problems) - len(shown)} more problems")
        super().__init__("\n".join(lines))


class AssessmentFileError(ReadinessError):
    """An assessment file cannot be imported; nothing was written to the store."""


class NotFoundError(ReadinessError):
    """An assessment id is not in the store."""


class AnswerError(ReadinessError):
    """An answer does not fit the framework (unknown question or option)."""


class StoreUnavailable(ReadinessError):
    """The store cannot be read or written right now (a read-only or full disk, a locked or
    unreachable database). Nothing was changed; the same call may succeed later."""
