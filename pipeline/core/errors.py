"""The tool's own error types. Commands turn them into one line and an exit status."""
from __future__ import annotations


class HicmError(Exception):
    """Base of every error the tool reports to a user; `exit_code` is the process exit status."""

    exit_code = 1

    def __init__(self, message: str, path: str | None = None):
        self.path = path
        self.problem = message
        super().__init__(f"{path}: {message}" if path else message)

    def __reduce__(self):
        # Rebuilt from (problem, path) whatever a subclass's __init__ takes, so an error raised
        # in a worker process (parallel build) reaches the user unchanged.
        return _rebuild, (type(self), self.problem, self.path)


def _rebuild(cls: type, problem: str, path: str | None) -> HicmError:
    error = cls.__new__(cls)
    HicmError.__init__(error, problem, path)
    return error


class InputError(HicmError):
    """The input (a file given to the tool) is unreadable, hostile, or not what it should be."""

    exit_code = 2


class OutputError(HicmError):
    """An output could not be written."""

    exit_code = 1
