"""PySide6 front end of the station. Talks to the core only through ``appraiser.services``
and always off the UI thread via ``ui.tasks``."""
