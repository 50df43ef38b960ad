#!/usr/bin/env bash
# The development set drawn again with other data: the same pages and timelines, every
# scenario's Faker seed shifted, rendered afresh and scored like the original. Fixes tuned on
# the dev set's own values (a name, a number's digits, where OCR happens to misread) show up
# here as leaks; use it to check that a fix closes a class, not one video.
#
#   bash benchmarks/reseeded_devset.sh SHIFT [--only terminal,bank] [--stride N] [-- blur run args]
#
# SHIFT (a positive integer) is added to every scenario's seed. The copy, its videos and the
# run's scratch output go to ${TMPDIR:-/tmp}/eval-dev-seed-SHIFT (rendering takes 1-4 min a
# scenario on 2 cores, once per SHIFT; delete the folder to render again). Needs what
# ../shared/eval-dev/gen/run.sh needs (Chromium, fonts, its venv; it installs them).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
EVAL_DEV="${EVAL_DEV:-$ROOT/../shared/eval-dev}"
SHIFT="${1:-}"
[[ "$SHIFT" =~ ^[1-9][0-9]*$ ]] || { echo "usage: reseeded_devset.sh SHIFT [run.sh args]  (SHIFT: a positive integer)" >&2; exit 2; }
shift
[ -f "$EVAL_DEV/gen/data.py" ] || { echo "reseeded_devset: no development set at $EVAL_DEV (set EVAL_DEV)" >&2; exit 2; }
command -v blur >/dev/null || { echo "reseeded_devset: install blur first (pip install -e .)" >&2; exit 2; }
COPY="${TMPDIR:-/tmp}/eval-dev-seed-$SHIFT"
if [ ! -f "$COPY/out/summary.json" ]; then
  rm -rf "$COPY"
  cp -r "$EVAL_DEV" "$COPY"
  chmod -R u+w "$COPY"
  rm -f "$COPY"/out/*
  # Every scenario's data function is called with its default seed plus SHIFT.
  python3 - "$COPY/gen/data.py" "$SHIFT" <<'EOF'
import re, sys
path, shift = sys.argv[1], int(sys.argv[2])
text = open(path).read()
registry = re.search(r"^SCENARIO_DATA = (\{.*?\})$", text, re.M)
if registry is None:
    sys.exit("reseeded_devset: SCENARIO_DATA not found in gen/data.py (the generator changed)")
text = text.replace(registry.group(0), (
    f"_SCENARIOS = {registry.group(1)}\n"
    f"SCENARIO_DATA = {{name: (lambda fn: lambda: fn(fn.__defaults__[0] + {shift}))(fn)"
    " for name, fn in _SCENARIOS.items()}"))
open(path, "w").write(text)
EOF
  bash "$COPY/gen/run.sh" --out "$COPY/out"
fi
exec bash "$COPY/run.sh" --work "$COPY/run" "$@"
