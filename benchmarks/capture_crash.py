"""Crash benchmark: kill -9 a recording >= 20 times at random moments and check each time
that every stored segment hashes to its database value and plays to its end (ffprobe),
and that at most one second of video is lost.

    .venv/bin/python benchmarks/capture_crash.py [--runs 20] [--seed 1]

Needs ``ffprobe`` (Debian package ``ffmpeg``). Prints one JSON line per run on stderr and
the summary as one JSON line on stdout; exits non-zero if any run broke a promise.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
from pathlib import Path

from appraiser.capture.crashcheck import crash_once


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    results = []
    for run in range(args.runs):
        with tempfile.TemporaryDirectory() as tmp:
            # kill anywhere in the 2nd to 3rd segment: mid-fragment, mid-store, at a roll
            before, extra = rng.choice((1, 2)), rng.uniform(0.0, 9.9)
            result = crash_once(
                Path(tmp) / "station", segments_before=before, extra_s=extra, seed=run
            )
        result.update(run=run, killed_after_segments=before, extra_s=round(extra, 2))
        print(json.dumps(result), file=sys.stderr, flush=True)
        results.append(result)
    lost = [r["lost_s"] for r in results if r["lost_s"] is not None]
    summary = {
        "runs": len(results),
        "all_ok": all(r["ok"] for r in results),
        "failed_runs": [r["run"] for r in results if not r["ok"]],
        "segments_checked": sum(r["segments"] for r in results),
        "segments_recovered": sum(r["recovered"] for r in results),
        "lost_s_max": round(max(lost), 3) if lost else None,
        "lost_s_mean": round(sum(lost) / len(lost), 3) if lost else None,
    }
    print(json.dumps(summary), flush=True)
    return 0 if summary["all_ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
