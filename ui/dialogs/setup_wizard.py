"""The first-run wizard: what warehouse IT answers once, on a station with no accounts.

Pages: station (code, warehouse, institute, time zone, language, resolver domain) →
camera (live preview) → label printer (test print) → administrator → key backup. Nothing
is written until Finish, except the key itself (made on the key page so it can be backed
up); Finish then creates the administrator, saves the settings and signs in, off the UI
thread, and emits ``signed_in`` like the plain first-admin dialog does.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QImage, QKeyEvent, QPainter, QPixmap
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from appraiser.config import Settings
from appraiser.errors import KnownError
from appraiser.paths import resource
from appraiser.services.admin import setup
from appraiser.services.admin.accounts import Session
from appraiser.services.admin.station import Station
from ui import i18n
from ui.dialogs.wizard_accounts import AdminPage, KeyPage
from ui.dialogs.wizard_devices import CameraPage, PrinterPage
from ui.dialogs.wizard_station import StationPage
from ui.tasks import run_task
from ui.widgets import keys


def logo(size: int = 64) -> QPixmap:
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(0)
    painter = QPainter(image)
    QSvgRenderer(str(resource("icons", "appraiser.svg"))).render(painter)
    painter.end()
    return QPixmap.fromImage(image)


class WelcomePage(QWizardPage):
    """Greets, says what to have ready, and lets IT switch the wizard's language at once."""

    language_chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("welcomePage")
        self.language = QComboBox(objectName="wizardLanguage")
        for code, label in (("zh_CN", "简体中文"), ("en", "English")):
            self.language.addItem(label, code)
        self.language.setCurrentIndex(max(0, self.language.findData(i18n.current_language())))
        self.language.activated.connect(
            lambda _i: self.language_chosen.emit(self.language.currentData())
        )
        self.setTitle(self.tr("Welcome to Appraiser"))
        text = QLabel(wordWrap=True, textFormat=Qt.TextFormat.RichText)
        text.setText(self.tr(
            "<p>This station has not been set up yet. In five short steps you will name the "
            "station, check the camera and the label printer, create the administrator "
            "account and back up the station's signing key.</p>"
            "<p>Have ready: the station code your institute assigned, the label printer "
            "(switched on, with labels loaded) and a USB drive for the key backup.</p>"
            "<p>Every answer can be changed later under Settings.</p>"
        ))  # fmt: skip
        chooser = QFormLayout()
        chooser.addRow("语言 / Language", self.language)
        layout = QVBoxLayout(self)
        layout.addLayout(chooser)
        layout.addWidget(text)
        layout.addStretch(1)


class SetupWizard(QWizard):
    signed_in = Signal(object)  # Session
    settings_saved = Signal(object)  # Settings

    def __init__(self, station: Station, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.station = station
        self.setObjectName("setupWizard")
        self.setWindowTitle(self.tr("Set up this station"))
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setPixmap(QWizard.WizardPixmap.LogoPixmap, logo())
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.setMinimumSize(760, 620)
        self.retired: list[QWizardPage] = []  # replaced pages, never freed while jobs run
        self.finishing = False
        self._build(station.settings)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Esc does nothing: leaving the first set-up quits the station and drops every
        answer given so far; Cancel is there for that, on purpose."""
        if keys.is_plain_escape(event):
            event.accept()
            return
        super().keyPressEvent(event)

    def _build(self, base: Settings) -> None:
        self.welcome = WelcomePage()
        self.welcome.language_chosen.connect(self.switch_language)
        self.station_page = StationPage(base)
        self.camera_page = CameraPage(base)
        self.printer_page = PrinterPage(base)
        self.admin_page = AdminPage()
        self.key_page = KeyPage(self.station)
        for page in self.pages():
            self.addPage(page)

    def switch_language(self, language: str) -> None:
        """Rebuild the pages in ``language`` (only offered on the first page, before any
        answer is given); the choice also becomes the station's language setting."""
        i18n.install(language)
        self.camera_page.release()
        for page_id in self.pageIds():
            page = self.page(page_id)
            self.removePage(page_id)
            page.hide()
            self.retired.append(page)
        self.setWindowTitle(self.tr("Set up this station"))
        self._build(replace(self.station.settings, language=language))
        self.restart()

    def pages(self) -> tuple[QWizardPage, ...]:
        return (self.welcome, self.station_page, self.camera_page, self.printer_page,
                self.admin_page, self.key_page)  # fmt: skip

    def answers_so_far(self) -> Settings:
        """The settings as answered up to now (defaults where a page is not done yet)."""
        try:
            return self.station_page.settings()
        except KnownError:
            return self.station.settings

    def answers(self) -> setup.Answers:
        settings = self.printer_page.settings(self.answers_so_far())
        settings = replace(settings, camera=self.camera_page.spec())
        admin = self.admin_page
        return setup.Answers(
            settings, admin.username.text().strip(), admin.display_name.text(),
            admin.password.text(),
        )  # fmt: skip

    def accept(self) -> None:
        """Finish: apply everything off the UI thread; close only once it worked."""
        if self.finishing:
            return
        self.finishing = True
        self.button(QWizard.WizardButton.FinishButton).setEnabled(False)
        answers = self.answers()
        self.key_page.status.setText(self.tr("Setting the station up…"))
        run_task(self, setup.complete, self.station, answers,
                 on_success=lambda session: self._done(session, answers.settings),
                 on_failure=self._failed, db_write=True)  # fmt: skip

    def _done(self, session: Session, settings: Settings) -> None:
        self.finishing = False
        i18n.install(settings.language)
        self.settings_saved.emit(settings)
        self.signed_in.emit(session)
        super().accept()

    def _failed(self, exc: BaseException) -> None:
        self.finishing = False
        self.button(QWizard.WizardButton.FinishButton).setEnabled(True)
        if not isinstance(exc, KnownError):
            raise exc
        self.key_page.status.setText(exc.message)

    def done(self, result: int) -> None:
        self.camera_page.release()
        super().done(result)
