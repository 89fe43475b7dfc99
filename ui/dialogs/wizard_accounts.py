"""Set-up wizard: the first administrator, and a backup of the station's signing key,
encrypted with a passphrase typed twice (the key never leaves the station in the clear)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from appraiser.errors import KnownError
from appraiser.keys import MIN_PASSPHRASE, StationKeys
from appraiser.services.admin import setup
from appraiser.services.admin.accounts import MIN_PASSWORD
from appraiser.services.admin.station import Station
from ui.tasks import run_task

_ERROR_STYLE = "color: #b3261e"


class AdminPage(QWizardPage):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("adminPage")
        self.setTitle(self.tr("Administrator"))
        self.setSubTitle(self.tr("The administrator sets the station up and creates the "
                                 "accounts of appraisers and supervisors."))  # fmt: skip
        self.username = QLineEdit(objectName="adminUsername")
        self.display_name = QLineEdit(objectName="adminName")
        self.password = QLineEdit(objectName="adminPassword", echoMode=QLineEdit.EchoMode.Password)
        self.confirm = QLineEdit(objectName="adminConfirm", echoMode=QLineEdit.EchoMode.Password)
        self.error = QLabel(objectName="adminError", wordWrap=True)
        self.error.setStyleSheet(_ERROR_STYLE)
        form = QFormLayout(self)
        form.addRow(self.tr("User name"), self.username)
        form.addRow(self.tr("Full name"), self.display_name)
        form.addRow(self.tr("Password"), self.password)
        form.addRow(self.tr("Repeat password"), self.confirm)
        form.addRow(self.error)
        self.registerField("adminUsername*", self.username)
        self.registerField("adminPassword*", self.password)

    def problem(self) -> str | None:
        name = self.username.text().strip()
        if not name or " " in name or not name.isprintable():
            return self.tr("A user name needs letters or digits and no spaces.")
        if len(self.password.text()) < MIN_PASSWORD:
            return self.tr("A password needs at least {n} characters.").format(n=MIN_PASSWORD)
        if self.password.text() != self.confirm.text():
            return self.tr("The two passwords differ.")
        return None

    def validatePage(self) -> bool:
        problem = self.problem()
        self.error.setText(problem or "")
        return problem is None


class KeyPage(QWizardPage):
    """The signing key exists only on this PC until it is backed up: say so plainly."""

    def __init__(self, station: Station, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.station = station
        self.setObjectName("keyPage")
        self.setTitle(self.tr("Back up the station key"))
        self.setSubTitle(self.tr("Labels are signed with this station's private key."))
        self.warning = QLabel(objectName="keyWarning", wordWrap=True)
        self.warning.setText(self.tr(
            "<b>Save the private key backup to a USB drive and lock it away.</b> If this "
            "computer's disk fails without it, labels printed from then on cannot carry this "
            "station's signature. The backup is encrypted with the passphrase you choose "
            "here; keep the passphrase apart from the drive, because whoever holds both can "
            "sign labels as this station. Give the public key to the resolver operator and "
            "to other stations; it is not secret."
        ))  # fmt: skip
        self.warning.setStyleSheet(
            "background: #fff4d6; border: 1px solid #e0b040; border-radius: 4px; padding: 8px"
        )
        self.key_id = QLabel(objectName="keyId")
        self.public_button = QPushButton(self.tr("Save public key…"), objectName="savePublic")
        self.private_button = QPushButton(
            self.tr("Save private key backup…"), objectName="savePrivate"
        )
        self.passphrase = _secret("keyPassphrase")
        self.passphrase_again = _secret("keyPassphraseAgain")
        self.passphrase_hint = QLabel(objectName="keyPassphraseHint", wordWrap=True)
        self.private_button.setEnabled(False)
        self.status = QLabel(objectName="keyStatus", wordWrap=True)
        self.stored = QCheckBox(
            self.tr("I have stored the private key backup offline, in a safe place."),
            objectName="keyStored",
            enabled=False,
        )
        buttons = QHBoxLayout()
        buttons.addWidget(self.public_button)
        buttons.addWidget(self.private_button)
        buttons.addStretch(1)
        secret = QFormLayout()
        secret.addRow(self.tr("Backup passphrase"), self.passphrase)
        secret.addRow(self.tr("Repeat passphrase"), self.passphrase_again)
        secret.addRow(self.passphrase_hint)
        layout = QVBoxLayout(self)
        for widget in (self.warning, self.key_id):
            layout.addWidget(widget)
        layout.addLayout(secret)
        layout.addLayout(buttons)
        for widget in (self.status, self.stored):
            layout.addWidget(widget)
        layout.addStretch(1)
        self.public_button.clicked.connect(self.save_public)
        self.private_button.clicked.connect(self.save_private)
        self.stored.toggled.connect(lambda _on: self.completeChanged.emit())
        for field in (self.passphrase, self.passphrase_again):
            field.textChanged.connect(self._check_passphrase)
        self._check_passphrase()

    def initializePage(self) -> None:
        run_task(self, _key_id, self.station, on_success=self._show_id)

    def _show_id(self, kid: str) -> None:
        self.key_id.setText(self.tr("Key id: {kid}").format(kid=kid))

    def passphrase_problem(self) -> str | None:
        """Why the typed passphrase cannot seal the key yet, or None when it can."""
        if len(self.passphrase.text()) < MIN_PASSPHRASE:
            return self.tr("The passphrase needs at least {n} characters.").format(n=MIN_PASSPHRASE)
        if self.passphrase.text() != self.passphrase_again.text():
            return self.tr("The two passphrases differ.")
        return None

    def _check_passphrase(self) -> None:
        problem = self.passphrase_problem()
        self.passphrase_hint.setText(problem or self.tr(
            "Write the passphrase down and keep it apart from the drive: it is asked when "
            "the key is restored."
        ))  # fmt: skip
        self.private_button.setEnabled(problem is None)

    def isComplete(self) -> bool:
        return self.stored.isChecked()

    def ask_path(self, title: str, name: str) -> Path | None:
        """Where to save a key file (tests replace this)."""
        chosen, _ = QFileDialog.getSaveFileName(
            self, title, str(Path.home() / name), self.tr("PEM key (*.pem)")
        )
        return Path(chosen) if chosen else None

    def save_public(self) -> None:
        public_name, _ = setup.suggested_key_names(self.station)
        path = self.ask_path(self.tr("Save public key"), public_name)
        if path is not None:
            run_task(self, setup.save_public_key, self.station, path,
                     on_success=lambda _kid: self._saved(path, private=False),
                     on_failure=self._failed)  # fmt: skip

    def save_private(self) -> None:
        if self.passphrase_problem() is not None:
            return
        _, private_name = setup.suggested_key_names(self.station)
        path = self.ask_path(self.tr("Save private key backup"), private_name)
        if path is not None:
            run_task(self, setup.save_private_key, self.station, path, self.passphrase.text(),
                     on_success=lambda _r: self._saved(path, private=True),
                     on_failure=self._failed, db_write=True)  # fmt: skip

    def _saved(self, path: Path, *, private: bool) -> None:
        if private:
            for field in (self.passphrase, self.passphrase_again):
                field.clear()  # the secret stays in no widget once the key is sealed
            self.stored.setEnabled(True)
            self.status.setText(self.tr("Private key backup saved to {path}.").format(path=path))
        else:
            self.status.setText(self.tr("Public key saved to {path}.").format(path=path))

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, OSError):
            self.status.setText(self.tr("Could not save: {reason}").format(reason=exc.strerror))
        elif isinstance(exc, KnownError):
            self.status.setText(exc.message)
        else:
            raise exc


def _secret(name: str) -> QLineEdit:
    return QLineEdit(objectName=name, echoMode=QLineEdit.EchoMode.Password)


def _key_id(station: Station) -> str:
    return StationKeys(station.data.keys, station.store).current_key_id()
