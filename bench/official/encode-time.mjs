// Times the official Walrus encoder (@mysten/walrus-wasm, a wasm build of walrus-core) on one file:
// full encode (every sliver + metadata + blob ID). Prints one JSON line.
//   node encode-time.mjs --shards 1000 --iterations 2 FILE
import { readFileSync } from 'node:fs';
import { BlobEncoder } from '@mysten/walrus-wasm';

const args = process.argv.slice(2);
let shards = 1000;
let iterations = 2;
let file;
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--shards') shards = Number(args[++i]);
  else if (args[i] === '--iterations') iterations = Number(args[++i]);
  else file = args[i];
}
if (!file) {
  console.error('usage: node encode-time.mjs [--shards N] [--iterations K] FILE');
  process.exit(2);
}
const data = new Uint8Array(readFileSync(file));
const f = Math.floor((shards - 1) / 3);
const rows = shards - 2 * f;
const cols = shards - f;
let s = Math.ceil(Math.max(data.length, 1) / (rows * cols));
s += s % 2;
const uleb = (x) => { let n = 1; while (x >= 0x80) { x = Math.floor(x / 128); n++; } return n; };
const bcsLen = (len) => uleb(len) + len + 4;

const b64url = (bytes) => Buffer.from(bytes).toString('base64url');
const times = [];
const cpuTimes = [];
let blobId;
for (let it = 0; it < iterations; it++) {
  const encoder = new BlobEncoder(shards);
  const primary = Array.from({ length: shards }, () => new Uint8Array(bcsLen(cols * s)));
  const secondary = Array.from({ length: shards }, () => new Uint8Array(bcsLen(rows * s)));
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  const [metadata] = encoder.encode(data, primary, secondary);
  times.push(Number(process.hrtime.bigint() - t0) / 1e9);
  const c = process.cpuUsage(c0); // the whole process's CPU time (all its threads), in microseconds
  cpuTimes.push((c.user + c.system) / 1e6);
  blobId = b64url(Uint8Array.from(metadata.blob_id));
  encoder.free();
}
// a true median: the middle value, or the mean of the two middle ones (with 2 runs, their mean)
const medianOf = (xs) => {
  const v = [...xs].sort((a, b) => a - b);
  const h = Math.floor(v.length / 2);
  return v.length % 2 === 1 ? v[h] : (v[h - 1] + v[h]) / 2;
};
const median = medianOf(times);
const cpuMedian = medianOf(cpuTimes);
console.log(JSON.stringify({
  benchmark: 'encode', encoder: '@mysten/walrus-wasm 0.3.0', nShards: shards, sizeBytes: data.length,
  iterations, encodeMBps: Math.round(data.length / 1e6 / median * 100) / 100, encodeSecondsMedian: median,
  processCpuMBps: Math.round(data.length / 1e6 / cpuMedian * 100) / 100, blobId,
}));
