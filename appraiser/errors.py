"""Errors split the qutebrowser way: *known* ones come from the environment and get a
friendly message with a hint; anything else is a bug and gets the crash report.

Every known error carries a one-line ``message`` (what happened) and a ``hint`` (what the
person at the bench can do about it); the CLI prints both, the UI shows them in a dialog.
"""

from __future__ import annotations


class KnownError(Exception):
    """An expected failure caused by input or environment, not by a bug."""

    title = "Problem"
    hint = ""

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if hint is not None:
            self.hint = hint

    def __str__(self) -> str:
        return f"{self.message} — {self.hint}" if self.hint else self.message


class ConfigError(KnownError):
    title = "Settings file problem"
    hint = "Fix the named line in config.toml, or delete the file to return to defaults."


class DataFolderError(KnownError):
    title = "Data folder unusable"
    hint = "Choose a writable folder with --data-dir or APPRAISER_DATA_DIR."


class DatabaseDamagedError(KnownError):
    title = "Database damaged"
    hint = (
        "The file was left untouched. Restore the latest backup, or copy the data folder "
        "aside and contact support."
    )


class DatabaseLockedError(KnownError):
    title = "Database busy"
    hint = "Another program holds the database. Close it and try again."


class DiskFullError(KnownError):
    title = "Disk full"
    hint = "Free space on the station disk; nothing half-written was kept."


class CameraError(KnownError):
    title = "Camera problem"
    hint = "Check the cable and power, then reconnect; the simulated camera remains available."


class PrinterError(KnownError):
    title = "Printer problem"
    hint = "Check that the printer is on, online and has labels; then print again."


class AuthError(KnownError):
    title = "Sign-in refused"


class PermissionDenied(KnownError):
    title = "Not allowed"
    hint = "Ask a supervisor or administrator."


class InvalidInput(KnownError):
    title = "Invalid input"


class NotFound(KnownError):
    title = "Not found"


class AlreadyRunning(KnownError):
    title = "Already running"
    hint = "The station application is already open on this computer; switch to it."
