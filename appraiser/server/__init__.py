"""The fleet server (issue 15, DESIGN §3.6): PostgreSQL is the single source of truth for
every enrolled station's audit events, audited rows, signed checkpoints and media.

Qt-free like the rest of the core. Layout: ``db`` (pool and transactions), ``migrations``
(versioned PostgreSQL schema), ``app`` (the ASGI app factory every route module plugs into),
``auth``/``enrolment`` (station keys), ``ingest*`` (the sync protocol), ``media`` (blob
store), ``projections`` (read models built from ingested rows, e.g. label states).
"""
