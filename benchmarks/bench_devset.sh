#!/usr/bin/env bash
# Leak rates and speed on the realistic development set, side by side in one run.
#
#   bash benchmarks/bench_devset.sh [--only terminal,bank] [--stride N] [-- extra `blur run` args]
#
# Runs ../shared/eval-dev/run.sh (Chromium-rendered web-app recordings with exact
# per-frame ground truth) with this checkout's `blur`: for every video it times a
# plain `ffmpeg -preset veryfast` re-encode and `blur run` one after the other,
# scores blur's output and prints leak rates per kind, look-alikes changed,
# over-blur, blur seconds, ffmpeg seconds, their ratio and x real time.
# Scratch output goes to ${TMPDIR:-/tmp}/eval-dev/run (crops of the first leak of
# each element are in crops/). Set EVAL_DEV to use another copy of the set.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
EVAL_DEV="${EVAL_DEV:-$ROOT/../shared/eval-dev}"
[ -x "$EVAL_DEV/run.sh" ] || [ -f "$EVAL_DEV/run.sh" ] || {
  echo "bench_devset: no development set at $EVAL_DEV (set EVAL_DEV)" >&2; exit 2; }
command -v blur >/dev/null || { echo "bench_devset: install blur first (pip install -e .)" >&2; exit 2; }
exec bash "$EVAL_DEV/run.sh" "$@"
