"""Every limit the station's readers put on untrusted input, in one place, with the reason
for each number (issue 14 finding 16).

Each limit is checked *before* the expensive part: a file's size from ``stat`` before it is
read, an image's pixel count from its header before it is decoded, a spreadsheet's row
count from its zip directory and sheet dimension before it is loaded, a manifest's depth
before it is parsed. The numbers are far above anything a real bench, warehouse system or
reference publisher produces, so they only ever stop hostile or broken files.
"""

from __future__ import annotations

# -- files in general -------------------------------------------------------------------
# A bench photo from a 24 MP camera is 5–15 MB; a PNG scan of a reference print up to
# ~60 MB. 200 MiB leaves room and still fits in memory twice on the 4 GB bench PC.
MAX_IMAGE_BYTES = 200 * 1024 * 1024

# -- images -----------------------------------------------------------------------------
# 80 MP, as the capture page's DSLR folder import already takes (capture/stills.py): a
# full-frame studio camera shoots 45-61 MP (a black-box tester's 45 MP photo was refused
# by `match` at the former 40 MP); still far below a decompression bomb: decoded BGR that
# is 240 MB.
MAX_PIXELS = 80_000_000
# The matcher reduces a photo to 400 px on its long side; below 32 px on the short side
# (or more than 10:1) nothing of a product is left to recognise, and OpenCV's resize
# asserts on a side that rounds to 0 (a 1×10000 image aborted the whole ``match`` batch).
MIN_PHOTO_SIDE = 32
MAX_ASPECT = 10
# A reference image is printed artwork the matcher compares pixel by pixel; a 1-pixel
# "reference" imports fine and then matches nothing forever. 64 px is a thumbnail.
MIN_REFERENCE_SIDE = 64

# -- reference packs --------------------------------------------------------------------
# The demo pack of 2,000 versions has a 1.3 MB manifest; 64 MiB is a catalogue of ~100k.
MAX_MANIFEST_BYTES = 64 * 1024 * 1024
# The contract's deepest path is versions[].images[].rois[] (depth 5) plus free-form
# "attributes"; 32 levels leaves attributes room and keeps json far from its recursion
# limit (a manifest nested 100,000 deep raised RecursionError).
MAX_JSON_DEPTH = 32
# Coordinates and sizes are pixels; no whole number in a manifest needs more than 18
# digits. Python refuses to even parse more than 4,300 digits (ValueError).
MAX_JSON_INT_DIGITS = 18
MAX_ZIP_RATIO = 200  # a member inflating more than this is treated as a zip bomb
# Ids and names are shown in terminals, logs, PDFs and on labels: printable characters
# only (no control, escape or bidi codes; any script, so Chinese brand names pass).
MAX_VERSION_ID_CHARS = 128
MAX_PACK_TEXT_CHARS = 512
# A reference of a long thin product (a belt, a strap) may be long; 20:1 keeps 64 px on
# the short side after the matcher's reduction to 640 px.
MAX_REFERENCE_ASPECT = 20

# -- inbound lists (CSV / XLSX) ---------------------------------------------------------
# A day's queue holds at most 20,000 lines (the bench does a few hundred).
MAX_INBOUND_ROWS = 20_000
# A 20,000-row export with 7 columns is ~2 MB as CSV; 32 MiB leaves room for wide exports.
MAX_INBOUND_BYTES = 32 * 1024 * 1024
# The longest real cell (a product name) is ~200 characters; 4,096 is generous and
# well under csv's default of 131,072, beyond which the csv module raised csv.Error.
MAX_CSV_FIELD = 4_096
# Rows counted in the sheet before loading stop at this many columns; warehouse exports
# have ~7–20. Unpacked XML of one sheet of 20,000 rows is ~10 MB; 64 MiB per member.
MAX_XLSX_MEMBER_BYTES = 64 * 1024 * 1024
MAX_XLSX_COLUMNS = 256

# -- settings ---------------------------------------------------------------------------
# config.toml is a dozen short lines; 64 KiB is plenty and keeps tomllib's recursion far
# away (5,000 nested tables raised RecursionError).
MAX_CONFIG_BYTES = 64 * 1024
MAX_CONFIG_DEPTH = 4
MAX_SETTING_CHARS = 256

# -- command-line arguments -------------------------------------------------------------
# A label payload (GS1 Digital Link URL with signature) is ~150 characters; a file name
# is at most 4,096 bytes (PATH_MAX); 8,192 covers both.
MAX_ARGUMENT_CHARS = 8_192

# -- command-line options ---------------------------------------------------------------
# Label printers print at 203, 300 or 600 dpi (some 152 or 406); a PNG of a 100x150 mm label
# at 600 dpi is ~5 million pixels. 0 divided by zero; 999,999 asked for terabytes.
MIN_DPI, MAX_DPI = 100, 600
# `label list --limit N`: 0 means all; SQLite's LIMIT is a 64-bit integer, and a number past
# it raised OverflowError. A million is more labels than a station issues in decades.
MAX_LIST_LIMIT = 1_000_000
# `match --top N`: a person reads the first few candidates; the index may hold 100k.
MAX_MATCH_TOP = 100

# -- export manifests -------------------------------------------------------------------
# A daily log's manifest lists one file and a checkpoint (~2 KB); a bundle's a dozen files.
# 4 MiB is far above both and keeps `export verify` from reading /dev/zero or a sparse
# 1 GiB "manifest" into memory.
MAX_EXPORT_MANIFEST_BYTES = 4 * 1024 * 1024
