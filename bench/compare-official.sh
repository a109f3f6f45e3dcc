#!/usr/bin/env bash
# Encodes the same random file with the official Walrus encoder (@mysten/walrus-wasm, installed from
# npm into bench/official/node_modules) and with Walrus Stream, in one run, and prints both JSON
# lines and the speed ratios. The blob IDs must agree. Ours runs twice: into a reused SliverArena (the
# official encoder is also handed its sliver buffers ready-made, outside its timing) and with fresh
# slivers per blob (the allocating `encode`). The load average before and after goes in the summary,
# since the machine may be shared.
#   bench/compare-official.sh [--shards 1000] [--size 64MiB] [--threads 1]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
shards=1000; size=64MiB; threads=1
while [[ $# -gt 0 ]]; do
  case "$1" in
    --shards) shards="$2"; shift 2 ;;
    --size) size="$2"; shift 2 ;;
    --threads) threads="$2"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
command -v node >/dev/null || { echo "compare-official: node (>= 20) is needed for the official encoder" >&2; exit 2; }
if [[ ! -d "$here/official/node_modules/@mysten/walrus-wasm" ]]; then
  (cd "$here/official" && npm install --no-audit --no-fund --silent) >&2
fi
bytes=$(python3 -c "
import re,sys
t='$size'.lower(); m={'k':1<<10,'m':1<<20,'g':1<<30}
n=re.match(r'(\d+)\s*([kmg]?)',t); print(int(n.group(1))*m.get(n.group(2),1))")
input="$(mktemp -t walrus-bench-XXXXXX.bin)"
trap 'rm -f "$input"' EXIT
head -c "$bytes" /dev/urandom > "$input"
load_before="$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)"
official=$(node "$here/official/encode-time.mjs" --shards "$shards" --iterations 2 "$input")
ours=$("$root/walrus-stream" bench encode --shards "$shards" --threads "$threads" --iterations 3 --arena --input "$input")
fresh=$("$root/walrus-stream" bench encode --shards "$shards" --threads "$threads" --iterations 3 --input "$input")
load_after="$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)"
echo "$official"
echo "$ours"
echo "$fresh"
python3 - "$official" "$ours" "$fresh" "$load_before" "$load_after" <<'PY'
import json, sys
o, w, f = (json.loads(a) for a in sys.argv[1:4])
for name, r in (("arena", w), ("fresh slivers", f)):
    if o["blobId"] != r["blobId"]:
        sys.exit(f"blob IDs differ: official {o['blobId']}, ours ({name}) {r['blobId']}")
ratio = lambda a, b, k: round(a[k] / b[k], 2) if k in a and k in b else None
print(json.dumps({"sameBlobId": True,
                  "speedupOverOfficial": ratio(w, o, "encodeMBps"),
                  "speedupOverOfficialFreshSlivers": ratio(f, o, "encodeMBps"),
                  "cpuSpeedupOverOfficial": ratio(w, o, "processCpuMBps"),
                  "loadavgBefore": sys.argv[4], "loadavgAfter": sys.argv[5]}))
PY
