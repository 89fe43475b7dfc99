"""The scale run's fresh process: open the station's library once, match photos.

``python -m appraiser.bench.matching_probe DATA_DIR JOB.json`` where the job names the
photos and their true version ids. Prints one JSON line per photo (wall and CPU ms of
``Matcher.match``, the answer, whether the true version's image was in the voting
shortlist) and a last line with the time to open the library. A separate process, so
the figures are those of a station that has just started: nothing cached in RAM but
what the operating system's page cache holds.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from appraiser.matching.engine import SHORTLIST_MAX, Matcher
from appraiser.paths import DataDir
from appraiser.storage.db import Store


def _truth_images(store: Store) -> dict[str, set[int]]:
    out: dict[str, set[int]] = {}
    for r in store.query(
        "SELECT i.id, v.version_id FROM reference_images i JOIN reference_versions v"
        " ON v.id = i.version_row WHERE v.pack_name != 'distractors'"
    ):
        out.setdefault(r["version_id"], set()).add(int(r["id"]))
    return out


def main(argv: list[str]) -> int:
    data = DataDir(Path(argv[0]))
    job = json.loads(Path(argv[1]).read_text())
    wall, cpu = time.perf_counter(), time.process_time()
    store = Store.open(data)
    matcher = Matcher(store, data)
    opened = {
        "open_s": round(time.perf_counter() - wall, 2),
        "open_cpu_s": round(time.process_time() - cpu, 2),
    }
    truths = _truth_images(store)
    for photo, truth in zip(job["photos"], job["truths"], strict=True):
        wall, cpu = time.perf_counter(), time.process_time()
        result = matcher.match(photo)
        cpu_ms = (time.process_time() - cpu) * 1000
        ranked = set(matcher._votes.ranked(SHORTLIST_MAX)) if matcher._votes else set()
        line = result.as_dict()
        print(
            json.dumps(
                {
                    "ms": (time.perf_counter() - wall) * 1000,
                    "cpu_ms": cpu_ms,
                    "truth": truth,
                    "top1": line["candidates"][0]["version_id"] if line["candidates"] else None,
                    "suggestion": line["suggestion"],
                    "shortlisted": bool(ranked & truths.get(truth, set())),
                }
            ),
            flush=True,
        )
    print(json.dumps(opened), flush=True)
    store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
