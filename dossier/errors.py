"""The few exceptions the CLI turns into one-line messages and exit codes."""
from __future__ import annotations

import re

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def one_line(text: str) -> str:
    """Control characters (a newline in a file name or a YAML key) shown escaped, so that
    one problem is always one line."""
    return _CONTROL.sub(lambda m: m.group(0).encode("unicode_escape").decode("ascii"), str(text))


def reported(err: BaseException) -> str:
    """What a process doing part of the build hands back of an error, for the build
    to raise: a DossierError's own message, anything else named with its type."""
    return str(err) if isinstance(err, DossierError) else one_line(f"{type(err).__name__}: {err}")


class DossierError(Exception):
    """Base class: a problem the user can fix, reported without a traceback."""

    exit_code = 1

    def __init__(self, message: str, path: str | None = None, line: int | None = None,
                 key: str | None = None):
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line
        self.key = key

    def __str__(self) -> str:
        where = ""
        if self.path:
            where = one_line(self.path)
            if self.line:
                where += f":{self.line}"
            where += ": "
        key = f"{one_line(self.key)}: " if self.key else ""
        return f"{where}{key}{one_line(self.message)}"


class ConfigError(DossierError):
    """config.yaml (or another YAML file) is wrong: exit code 2."""

    exit_code = 2


class ConfigErrors(ConfigError):
    """Several config problems, all collected before stopping."""

    def __init__(self, errors: list[ConfigError]):
        super().__init__(errors[0].message, errors[0].path, errors[0].line, errors[0].key)
        self.errors = errors

    def __str__(self) -> str:
        return "\n".join(str(e) for e in self.errors)


class BuildError(DossierError):
    """The dossier could not be built: exit code 1."""

    exit_code = 1
