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
    """An output could not be written (disk full, no permission, a read-only file system, a file in the way)."""

    exit_code = 1


class BusyError(HicmError):
    """A shared resource (the results store) is in use by another hicm process; nothing was changed."""

    exit_code = 3


#: What an operating-system error means for a user, by errno name: said once for every command.
_OS_PROBLEMS = {"ENOSPC": "the disk is full", "EDQUOT": "the disk quota is exhausted",
                "EACCES": "permission denied", "EPERM": "operation not permitted",
                "EROFS": "the file system is read-only", "ENOENT": "no such file or folder",
                "ENOTDIR": "a part of the path is not a folder", "EISDIR": "is a folder",
                "EFBIG": "the file is too large for the file system", "EIO": "an input/output error (a failing disk?)",
                "ENAMETOOLONG": "the file name is too long"}


def os_problem(exc: OSError) -> str:
    """Given an operating-system error, return what it means in a few words ("the disk is full")."""
    import errno   # noqa: PLC0415
    name = errno.errorcode.get(exc.errno or 0, "")
    return _OS_PROBLEMS.get(name) or (exc.strerror or type(exc).__name__).lower()


def output_error(exc: OSError, path: str | None = None) -> OutputError:
    """Given an OSError met while writing `path`, return the one-line OutputError to report."""
    return OutputError(f"cannot write: {os_problem(exc)}", path or exc.filename)
