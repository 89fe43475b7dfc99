"""Schema version 2: the reference library (genuine versions, their images) and the
queue of products that matched nothing in it."""

from __future__ import annotations

import sqlite3

from appraiser.storage.migrations import migration
from appraiser.storage.migrations.schema_tools import execute_script, register_audited

_TABLES = """
-- One row per genuine version. Mutable only in ``active`` (a removal or re-import is an
-- audited update); the content of a version is pinned by ``digest``.
CREATE TABLE reference_versions (
    id INTEGER PRIMARY KEY,
    version_id TEXT NOT NULL UNIQUE,
    brand TEXT NOT NULL,
    model TEXT NOT NULL,
    category TEXT NOT NULL,
    region TEXT,
    gtin TEXT,
    attributes TEXT NOT NULL DEFAULT '{}',
    pack_name TEXT NOT NULL,
    publisher TEXT,
    digest TEXT NOT NULL,
    active INTEGER NOT NULL DEFAULT 1,
    created TEXT NOT NULL,
    actor TEXT,
    changed TEXT NOT NULL,
    reason TEXT
);
CREATE INDEX reference_versions_gtin ON reference_versions(gtin);
CREATE INDEX reference_versions_brand_model ON reference_versions(brand, model);

-- Images are append-only: a version's images never change under the same digest.
CREATE TABLE reference_images (
    id INTEGER PRIMARY KEY,
    version_row INTEGER NOT NULL REFERENCES reference_versions(id),
    position INTEGER NOT NULL,
    file TEXT NOT NULL,
    view TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    width INTEGER NOT NULL,
    height INTEGER NOT NULL,
    rois TEXT NOT NULL DEFAULT '[]',
    created TEXT NOT NULL,
    UNIQUE (version_row, position)
);
CREATE INDEX reference_images_sha ON reference_images(sha256);

-- Products the library could not identify (unknown GTIN or no match), for the library
-- keeper to source a genuine version of.
CREATE TABLE library_no_match (
    id INTEGER PRIMARY KEY,
    gtin TEXT,
    brand TEXT,
    model TEXT,
    appraisal_uid TEXT,
    image_sha256 TEXT,
    note TEXT,
    created TEXT NOT NULL,
    actor TEXT
);
CREATE INDEX library_no_match_gtin ON library_no_match(gtin);
"""


@migration(2)
def create_library_schema(conn: sqlite3.Connection) -> None:
    """Create reference versions and images, and the no-match queue."""
    execute_script(conn, _TABLES)
    register_audited(conn, "reference_versions", append_only=False)
    register_audited(conn, "reference_images")
    register_audited(conn, "library_no_match")
