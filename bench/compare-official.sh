#!/usr/bin/env bash
# Encodes the same random file with the official Walrus encoder (@mysten/walrus-wasm, installed from
# npm into bench/official/node_modules) and with Walrus Stream, in one run, and prints both JSON
# lines and the speed ratio. The blob IDs must agree.
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
official=$(node "$here/official/encode-time.mjs" --shards "$shards" --iterations 2 "$input")
ours=$("$root/walrus-stream" bench encode --shards "$shards" --threads "$threads" --iterations 3 --input "$input")
echo "$official"
echo "$ours"
python3 - "$official" "$ours" <<'PY'
import json, sys
o, w = json.loads(sys.argv[1]), json.loads(sys.argv[2])
if o["blobId"] != w["blobId"]:
    sys.exit(f"blob IDs differ: official {o['blobId']}, ours {w['blobId']}")
print(json.dumps({"sameBlobId": True, "speedupOverOfficial": round(w["encodeMBps"] / o["encodeMBps"], 2)}))
PY
