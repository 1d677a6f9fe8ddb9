#!/usr/bin/env bash
# Extraction quality on the shared benchmark pages.
#   bench/extract_quality.sh [BENCH_DIR] [NEWSCRAWL_BIN]
# BENCH_DIR (default ../shared/bench, relative to the repository) holds
# score.py, aeb-dev/ and vi-dev/ (NAME.html + gold NAME.txt; vi-dev also has
# NAME.json with "clutter" snippets).  For each set it runs
# `newscrawl extract --out-dir` on every page in one process, scores the
# bodies with score.py (last line "F1 x.xxx"), and for vi-dev counts the
# clutter snippets found in the NFC, whitespace-folded output.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
bench="${1:-$repo/../shared/bench}"
bin="${2:-$repo/build/release/newscrawl}"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

for set in aeb-dev vi-dev; do
  [ -d "$bench/$set" ] || { echo "$set: missing ($bench/$set)"; continue; }
  mkdir -p "$out/$set"
  start=$(date +%s.%N)
  "$bin" extract --out-dir "$out/$set" "$bench/$set"/*.html 2>"$out/$set.err" || true
  end=$(date +%s.%N)
  pages=$(ls "$bench/$set"/*.html | wc -l)
  echo "== $set: $pages pages in $(echo "$end - $start" | bc) s"
  python3 "$bench/score.py" "$bench/$set" "$out/$set" --bootstrap 0 | tail -n 4
  if [ "$set" = vi-dev ]; then
    python3 - "$bench/$set" "$out/$set" <<'PY'
import json, re, sys, unicodedata
from pathlib import Path
gold, pred = Path(sys.argv[1]), Path(sys.argv[2])
def norm(s):
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", s)).strip()
leaks = pages = 0
for meta in sorted(gold.glob("*.json")):
    info = json.loads(meta.read_text(encoding="utf-8"))
    p = pred / (meta.stem + ".txt")
    text = norm(p.read_text(encoding="utf-8")) if p.exists() else ""
    found = [c for c in info.get("clutter", []) if norm(c) in text]
    if found:
        pages += 1
        leaks += len(found)
        print(f"  leak {meta.stem}: {found}")
print(f"clutter leaks: {leaks} snippets on {pages} pages")
PY
  fi
done
