"""Anti-counterfeit labels: serials, signed QR payloads, layouts (PDF, ZPL, PNG), printers.

Everything here is pure and Qt-free; the lifecycle (issue, print, apply, void, reprint,
verify) lives in ``appraiser.services.labelling.labels`` because it needs the database.
"""
