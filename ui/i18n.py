"""Language: zh_CN or en, chosen from settings or the system locale, switchable live.

Every area ships ``resources/i18n/<area>_zh_CN.qm``; all are installed together with Qt's
own translations (standard buttons, dialogs). Switching installs or removes translators,
and Qt sends ``LanguageChange`` so open widgets re-translate themselves.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from appraiser.paths import resource

SUPPORTED = ("zh_CN", "en")
_installed: list[QTranslator] = []


def system_language() -> str:
    name = QLocale.system().name()
    return "zh_CN" if name.startswith("zh") else "en"


def resolve(setting: str) -> str:
    return setting if setting in SUPPORTED else system_language()


def install(language: str) -> str:
    """Make ``language`` current for the whole app; returns the language in force."""
    app = QCoreApplication.instance()
    assert app is not None
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    language = resolve(language)
    if language != "en":
        qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        candidates = [(f"qtbase_{language}", qt_dir)]
        candidates += [
            (qm.stem, str(qm.parent)) for qm in sorted(resource("i18n").glob(f"*_{language}.qm"))
        ]
        for name, folder in candidates:
            translator = QTranslator(app)
            if translator.load(name, folder):
                app.installTranslator(translator)
                _installed.append(translator)
    QLocale.setDefault(QLocale(language))
    return language


def current_language() -> str:
    return QLocale().name() if QLocale().name() in SUPPORTED else "en"
