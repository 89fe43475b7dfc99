"""Label serials as people read them."""

from __future__ import annotations


def grouped(serial: str) -> str:
    """A label serial as printed (``XXXX-XXXX-XXXX-XXXX-CC``, DESIGN §3.3)."""
    try:
        from appraiser.labels.ids import group

        return group(serial) if "-" not in serial and len(serial) in (17, 18) else serial
    except ImportError:
        return serial
