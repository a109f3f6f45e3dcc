#!/usr/bin/env node
// Walrus RedStuff (RS2) test-vector generator.
//
// The encoding itself (slivers, metadata, blob ID) is produced by the OFFICIAL
// @mysten/walrus-wasm package (a wasm-pack build of MystenLabs' walrus-core).
// Everything else in this file (deterministic input data, BCS framing of the
// metadata, the Merkle / blob-ID re-computation used as a self-check) is an
// independent re-implementation written from the spec in
// Walrus's encoding rules (walrus-core), so a mismatch here means either the spec
// or the package changed.
//
// Usage:
//   node gen.mjs [--shards 7,10,100,1000] [--sizes 0,1,1000,1048576]
//                [--seed walrus-test-vectors] [--full] [--verify-all]
//                [--no-verify] [--out vectors.json]
//
//   --full        also emit the metadata hashes, metadata BCS hex and per-sliver
//                 BCS hashes for every n (by default only for n_shards <= 10)
//   --verify-all  run the independent sliver-hash checks on every computable
//                 sliver (default: all for n <= 100, a sample of 32 per axis
//                 otherwise)
//   --no-verify   skip the independent checks entirely
//   --compact     omit the per-sliver SHA-256 arrays when n_shards > 10 (slivers_digest,
//                 a hash over all of them, is always emitted)
//   --dump-slivers  include the raw bytes (hex) of every primary and secondary sliver
//                 (useful for debugging a Reed-Solomon port; large for big n / sizes)
//   --timing      include encode_ms (wall time of the WASM encode call) in each vector
//   --text STR    additionally encode the UTF-8 bytes of STR for every n_shards
//
// Before anything else the script runs a known-answer test taken from the Rust
// regression test in walrus-core (blob = "walrus blob id v1 regression test",
// n_shards = 10, expected blob ID RcU82Mwf-CFkv1LaI_2qcpANwpGUuG3TMwnVzZxD2kY).
//
// Input data for a vector: the first `size` bytes of
//   SHA256(seed || be64(0)) || SHA256(seed || be64(1)) || ...
// where seed is the UTF-8 string given by --seed (default below) and be64 is an
// 8-byte big-endian counter.  The JSON reports data_sha256 so that a Java port
// of the generator can be checked first.

import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { BlobEncoder } from '@mysten/walrus-wasm';
import { blake2b } from '@noble/hashes/blake2.js';

const require = createRequire(import.meta.url);

// ---------------------------------------------------------------- arguments
function parseArgs(argv) {
  const opts = {
    shards: [7, 10, 100, 1000],
    sizes: [0, 1, 1000, 1048576],
    seed: 'walrus-test-vectors',
    full: false,
    verify: true,
    verifyAll: false,
    compact: false,
    timing: false,
    dumpSlivers: false,
    out: null,
    texts: [],
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => {
      if (i + 1 >= argv.length) throw new Error(`missing value for ${a}`);
      return argv[++i];
    };
    switch (a) {
      case '--shards': opts.shards = next().split(',').map(Number); break;
      case '--sizes': opts.sizes = next().split(',').map(Number); break;
      case '--seed': opts.seed = next(); break;
      case '--full': opts.full = true; break;
      case '--verify-all': opts.verifyAll = true; break;
      case '--compact': opts.compact = true; break;
      case '--timing': opts.timing = true; break;
      case '--dump-slivers': opts.dumpSlivers = true; break;
      case '--no-verify': opts.verify = false; break;
      case '--out': opts.out = next(); break;
      case '--text': opts.texts.push(next()); break;
      case '-h': case '--help':
        // Print the header comment block of this file.
        console.log(readFileSync(new URL(import.meta.url), 'utf8').split('\n').slice(1)
          .filter((l, i, a) => a.slice(0, i + 1).every((x) => x.startsWith('//')))
          .map((l) => l.replace(/^\/\/ ?/, '')).join('\n'));
        process.exit(0);
      default: throw new Error(`unknown argument ${a}`);
    }
  }
  for (const n of opts.shards) {
    if (!Number.isInteger(n) || n < 1 || n > 65535) throw new Error(`bad n_shards ${n}`);
  }
  for (const s of opts.sizes) {
    if (!Number.isSafeInteger(s) || s < 0) throw new Error(`bad size ${s}`);
  }
  return opts;
}

// ---------------------------------------------------------------- helpers
const hex = (u8) => Buffer.from(u8).toString('hex');
const sha256 = (u8) => createHash('sha256').update(u8).digest();
const sha256hex = (u8) => createHash('sha256').update(u8).digest('hex');
const b2b256 = (...parts) => {
  const h = blake2b.create({ dkLen: 32 });
  for (const p of parts) h.update(p);
  return h.digest();
};
const base64url = (u8) => Buffer.from(u8).toString('base64url'); // no padding
const toU8 = (v) => (v instanceof Uint8Array ? v : Uint8Array.from(v));
const nodeBytes = (node) => (node === 'Empty' || node == null ? new Uint8Array(32) : toU8(node.Digest));

function deterministicData(seed, size) {
  const seedBytes = Buffer.from(seed, 'utf8');
  const out = Buffer.alloc(size);
  const ctr = Buffer.alloc(8);
  for (let off = 0, i = 0n; off < size; off += 32, i++) {
    ctr.writeBigUInt64BE(i);
    sha256(Buffer.concat([seedBytes, ctr])).copy(out, off, 0, Math.min(32, size - off));
  }
  return new Uint8Array(out.buffer, out.byteOffset, out.length);
}

function uleb128(n) {
  const out = [];
  do {
    let b = n & 0x7f;
    n = Math.floor(n / 128);
    if (n > 0) b |= 0x80;
    out.push(b);
  } while (n > 0);
  return Uint8Array.from(out);
}

function u64le(n) {
  const b = Buffer.alloc(8);
  b.writeBigUInt64LE(BigInt(n));
  return b;
}

// ---------------------------------------------------------------- parameters (spec section 1)
function params(n) {
  const f = Math.floor((n - 1) / 3);
  const nPrimary = n - 2 * f;   // rows of the message matrix = symbols per secondary sliver
  const nSecondary = n - f;     // columns of the message matrix = symbols per primary sliver
  return { f, nPrimary, nSecondary };
}

const MAX_SYMBOL_SIZE = 65534; // u16::MAX - 1 for RS2 (must be even)

function symbolSize(size, n) {
  const { nPrimary, nSecondary } = params(n);
  const k = nPrimary * nSecondary;
  let s = Math.ceil(Math.max(size, 1) / k);
  if (s % 2 === 1) s += 1;
  return s;
}

function encodedLength(size, n) { // Move `encoded_blob_length` / Rust `encoded_blob_length_for_n_shards`
  const { nPrimary, nSecondary } = params(n);
  const s = symbolSize(size, n);
  return n * ((nPrimary + nSecondary) * s + n * 64 + 32);
}

function rotationOffset(blobId, n) { // blob ID read as a big-endian integer, mod n
  let acc = 0;
  for (const b of blobId) acc = (acc * 256 + b) % n;
  return acc;
}

// ---------------------------------------------------------------- Merkle tree (spec section 2)
const LEAF = Uint8Array.of(0);
const INNER = Uint8Array.of(1);
const ZERO32 = new Uint8Array(32);

function merkleRootFromLeafHashes(leaves) {
  if (leaves.length === 0) return ZERO32;
  let level = leaves;
  while (level.length > 1) {
    if (level.length % 2 === 1) level = [...level, ZERO32]; // pad THIS level with an all-zero node
    const next = [];
    for (let i = 0; i < level.length; i += 2) next.push(b2b256(INNER, level[i], level[i + 1]));
    level = next;
  }
  return level[0];
}
const leafHash = (data) => b2b256(LEAF, data);

// ---------------------------------------------------------------- BCS framing (spec section 2/3)
function metadataBcs(md, n) {
  // BlobMetadata::V1 { encoding_type: RS2 (=1), unencoded_length: u64, hashes: Vec<SliverPairMetadata> }
  const parts = [Uint8Array.of(0 /* V1 */, 1 /* RS2 */), u64le(md.unencoded_length), uleb128(n)];
  for (const h of md.hashes) {
    for (const node of [h.primary_hash, h.secondary_hash]) {
      if (node === 'Empty') parts.push(Uint8Array.of(0));
      else parts.push(Uint8Array.of(1), toU8(node.Digest));
    }
  }
  return Buffer.concat(parts);
}

function sliverBcsLen(dataLen) { return uleb128(dataLen).length + dataLen + 4; }

function parseSliverBcs(buf) {
  let len = 0, shift = 0, p = 0;
  for (;;) {
    const b = buf[p++];
    len += (b & 0x7f) * 2 ** shift;
    shift += 7;
    if (!(b & 0x80)) break;
  }
  const data = buf.subarray(p, p + len);
  const dv = new DataView(buf.buffer, buf.byteOffset + p + len, 4);
  return { data, symbolSize: dv.getUint16(0, true), index: dv.getUint16(2, true) };
}

// ---------------------------------------------------------------- one vector
function generate(n, size, opts, explicitData = null) {
  const { f, nPrimary, nSecondary } = params(n);
  const data = explicitData ?? deterministicData(opts.seed, size);
  size = data.length;
  const vec = {
    n_shards: n,
    f,
    n_primary_source_symbols: nPrimary,
    n_secondary_source_symbols: nSecondary,
    blob_size: size,
    ...(explicitData ? { data_utf8: Buffer.from(explicitData).toString('utf8') } : {}),
    data_sha256: sha256hex(data),
    max_blob_size: nPrimary * nSecondary * MAX_SYMBOL_SIZE,
  };
  const s = symbolSize(size, n);
  if (f === 0) {
    // n_shards < 4: f = 0, so the primary encoding has no repair symbols; reed-solomon-simd rejects a
    // zero recovery count and the WASM build panics ("unreachable"). Not a meaningful Walrus setup.
    vec.error = 'UnsupportedShardCount (n_shards < 4 gives f = 0 and no repair symbols)';
    return vec;
  }
  if (s > MAX_SYMBOL_SIZE) {
    // Confirm that the official encoder rejects it too.
    let err;
    try { new BlobEncoder(n).compute_metadata(data); } catch (e) { err = String(e?.message ?? e); }
    vec.error = 'DataTooLarge';
    vec.encoder_error = err ?? 'NO ERROR (unexpected!)';
    return vec;
  }
  const primaryLen = nSecondary * s;
  const secondaryLen = nPrimary * s;
  const encoder = new BlobEncoder(n);
  const pb = Array.from({ length: n }, () => new Uint8Array(sliverBcsLen(primaryLen)));
  const sb = Array.from({ length: n }, () => new Uint8Array(sliverBcsLen(secondaryLen)));
  const t0 = process.hrtime.bigint();
  const [mwid, rootNode] = encoder.encode(data, pb, sb);
  const t1 = process.hrtime.bigint();
  const cm = encoder.compute_metadata(data); // [blob_id, root_hash, unencoded_length, encoding_type]
  // Reconstruction from the minimum number of primary slivers (n - 2f), deliberately using the
  // LAST ones so that non-systematic slivers must be RS-decoded.
  let decodeOk = null;
  if (opts.verify) {
    const subset = pb.slice(n - nPrimary);
    const outBuf = new Uint8Array(size);
    try {
      encoder.decode(mwid.blob_id, BigInt(size), subset, outBuf);
      decodeOk = hex(outBuf) === hex(data);
    } catch (e) {
      decodeOk = false;
    }
  }
  encoder.free();

  const blobId = toU8(mwid.blob_id);
  const root = nodeBytes(rootNode);
  const md = mwid.metadata.V1;
  const mdBcs = metadataBcs(md, n);
  const mdWithIdBcs = Buffer.concat([blobId, mdBcs]);

  const primary = pb.map(parseSliverBcs);
  const secondary = sb.map(parseSliverBcs);

  Object.assign(vec, {
    symbol_size: s,
    primary_sliver_len: primaryLen,
    secondary_sliver_len: secondaryLen,
    encoded_length: encodedLength(size, n),
    blob_id_hex: hex(blobId),
    blob_id_base64url: base64url(blobId),
    blob_id_u256_decimal: BigInt('0x' + hex(Uint8Array.from(blobId).reverse())).toString(),
    root_hash_hex: hex(root),
    rotation_offset: rotationOffset(blobId, n),
    shard_of_pair_0: rotationOffset(blobId, n) % n,
    metadata_bcs_len: mdBcs.length,
    metadata_bcs_sha256: sha256hex(mdBcs),
    metadata_with_id_bcs_sha256: sha256hex(mdWithIdBcs),
    // Per sliver pair index p: primary sliver has sliver index p, secondary sliver has index n-1-p.
    primary_sliver_sha256: primary.map((x) => sha256hex(x.data)),
    secondary_sliver_sha256: secondary.map((x) => sha256hex(x.data)),
    // SHA-256 over the 2n per-sliver SHA-256 digests: all primaries (pair 0..n-1), then all secondaries.
    slivers_digest: sha256hex(Buffer.concat([...primary.map((x) => sha256(x.data)), ...secondary.map((x) => sha256(x.data))])),
  });
  if (opts.timing) vec.encode_ms = Number(t1 - t0) / 1e6;
  if (opts.dumpSlivers) {
    vec.primary_slivers_hex = primary.map((x) => hex(x.data));
    vec.secondary_slivers_hex = secondary.map((x) => hex(x.data));
  }
  if (opts.compact && n > 10 && !opts.full) {
    delete vec.primary_sliver_sha256;
    delete vec.secondary_sliver_sha256;
  }
  if (opts.full || n <= 10) {
    vec.primary_hashes_hex = md.hashes.map((h) => hex(nodeBytes(h.primary_hash)));
    vec.secondary_hashes_hex = md.hashes.map((h) => hex(nodeBytes(h.secondary_hash)));
    vec.metadata_bcs_hex = mdBcs.toString('hex');
    vec.primary_sliver_bcs_sha256 = pb.map(sha256hex);
    vec.secondary_sliver_bcs_sha256 = sb.map(sha256hex);
  }

  // ------------------------------------------------------------ consistency checks
  const checks = {};
  const fail = [];
  const expect = (name, cond) => { checks[name] = !!cond; if (!cond) fail.push(name); };
  expect('compute_metadata_same_blob_id', hex(toU8(cm[0])) === hex(blobId));
  expect('compute_metadata_same_root', hex(nodeBytes(cm[1])) === hex(root));
  expect('sliver_indices', primary.every((x, p) => x.index === p) && secondary.every((x, p) => x.index === n - 1 - p));
  expect('sliver_symbol_sizes', [...primary, ...secondary].every((x) => x.symbolSize === s));
  if (opts.verify) {
    expect('decode_from_last_n_minus_2f_primary_slivers', decodeOk);
    // Root = Merkle over (primary_hash || secondary_hash) per pair; blob ID = Blake2b256(0x01 || le64(len) || root).
    const rootRe = merkleRootFromLeafHashes(md.hashes.map((h) => leafHash(Buffer.concat([nodeBytes(h.primary_hash), nodeBytes(h.secondary_hash)]))));
    expect('root_recomputed', hex(rootRe) === hex(root));
    const idRe = b2b256(Uint8Array.of(1), u64le(size), root);
    expect('blob_id_recomputed', hex(idRe) === hex(blobId));
    expect('metadata_length', md.hashes.length === n && Number(md.unencoded_length) === size && md.encoding_type === 'RS2');
    // Systematic layout: primary sliver r (r < nPrimary) is row r of the zero-padded blob.
    const padded = new Uint8Array(nPrimary * nSecondary * s);
    padded.set(data);
    let rowsOk = true;
    for (let r = 0; r < nPrimary; r++) {
      if (hex(primary[r].data) !== hex(padded.subarray(r * primaryLen, (r + 1) * primaryLen))) rowsOk = false;
    }
    expect('systematic_rows', rowsOk);
    // Secondary sliver with sliver index c < nSecondary is column c of the message matrix.
    let colsOk = true;
    for (let c = 0; c < nSecondary; c++) {
      const sec = secondary[n - 1 - c].data;
      for (let r = 0; r < nPrimary; r++) {
        const want = padded.subarray((r * nSecondary + c) * s, (r * nSecondary + c + 1) * s);
        if (hex(sec.subarray(r * s, (r + 1) * s)) !== hex(want)) { colsOk = false; break; }
      }
    }
    expect('systematic_columns', colsOk);
    // Sliver hashes that can be recomputed without an RS implementation:
    //  - primary sliver r < nPrimary: expanded row r = its own nSecondary symbols followed by symbol r
    //    of the repair secondary slivers with sliver index nSecondary..n-1;
    //  - secondary sliver c < nSecondary: expanded column c = its own nPrimary symbols followed by
    //    symbol c of the repair primary slivers with sliver index nPrimary..n-1.
    const sample = (count) => {
      const all = [...Array(count).keys()];
      if (opts.verifyAll || n <= 100 || count <= 32) return all;
      const pick = new Set([0, count - 1]);
      for (let i = 0; pick.size < 32; i++) pick.add(Math.floor((i * 2654435761) % count));
      return [...pick].sort((a, b) => a - b);
    };
    const symbolOf = (buf, i) => buf.subarray(i * s, (i + 1) * s);
    let okP = 0, badP = 0;
    for (const r of sample(nPrimary)) {
      const leaves = [];
      for (let c = 0; c < nSecondary; c++) leaves.push(leafHash(symbolOf(primary[r].data, c)));
      for (let c = nSecondary; c < n; c++) leaves.push(leafHash(symbolOf(secondary[n - 1 - c].data, r)));
      if (hex(merkleRootFromLeafHashes(leaves)) === hex(nodeBytes(md.hashes[r].primary_hash))) okP++; else badP++;
    }
    let okS = 0, badS = 0;
    for (const c of sample(nSecondary)) {
      const leaves = [];
      for (let r = 0; r < nPrimary; r++) leaves.push(leafHash(symbolOf(secondary[n - 1 - c].data, r)));
      for (let r = nPrimary; r < n; r++) leaves.push(leafHash(symbolOf(primary[r].data, c)));
      if (hex(merkleRootFromLeafHashes(leaves)) === hex(nodeBytes(md.hashes[n - 1 - c].secondary_hash))) okS++; else badS++;
    }
    checks.primary_hashes_recomputed = okP;
    checks.secondary_hashes_recomputed = okS;
    if (badP) fail.push(`primary_hash_mismatch x${badP}`);
    if (badS) fail.push(`secondary_hash_mismatch x${badS}`);
  }
  vec.checks = checks;
  vec.checks_ok = fail.length === 0;
  if (fail.length) vec.check_failures = fail;
  return vec;
}

// ---------------------------------------------------------------- main
const opts = parseArgs(process.argv.slice(2));
const pkg = (name) => {
  try {
    // Read the file directly: the packages' "exports" maps do not expose package.json.
    const entry = require.resolve(name);
    const root = entry.slice(0, entry.lastIndexOf(`/node_modules/${name}/`) + `/node_modules/${name}/`.length);
    return JSON.parse(readFileSync(root + 'package.json', 'utf8')).version;
  } catch {
    return null;
  }
};
const result = {
  generator: {
    walrus_wasm_version: pkg('@mysten/walrus-wasm'),
    noble_hashes_version: pkg('@noble/hashes'),
    node: process.version,
    seed: opts.seed,
    data: 'first blob_size bytes of SHA256(seed_utf8 || be64(0)) || SHA256(seed_utf8 || be64(1)) || ...',
    sliver_hash_note: 'primary_sliver_sha256[p] / secondary_sliver_sha256[p] are SHA-256 of the raw symbol bytes of the slivers in sliver pair p (primary index p, secondary index n-1-p), not of the BCS framing',
  },
  vectors: [],
};
let allOk = true;
{
  // Known-answer test from walrus-core's `test_v1_blob_id_stability` (Rust, n_shards = 10).
  const expected = 'RcU82Mwf-CFkv1LaI_2qcpANwpGUuG3TMwnVzZxD2kY';
  const kat = generate(10, 0, { ...opts, full: false }, new TextEncoder().encode('walrus blob id v1 regression test'));
  const ok = kat.blob_id_base64url === expected && kat.checks_ok;
  result.generator.known_answer_test = { source: 'walrus-core test_v1_blob_id_stability', expected, actual: kat.blob_id_base64url, ok };
  if (!ok) allOk = false;
  process.stderr.write(`KAT (rust regression vector): ${ok ? 'OK' : 'FAILED'} ${kat.blob_id_base64url}\n`);
}
const jobs = [];
for (const n of opts.shards) {
  for (const size of opts.sizes) jobs.push([n, size, null]);
  for (const t of opts.texts) jobs.push([n, 0, new TextEncoder().encode(t)]);
}
for (const [n, size, explicit] of jobs) {
  let v;
  try {
    v = generate(n, size, opts, explicit);
  } catch (e) {
    v = { n_shards: n, blob_size: explicit ? explicit.length : size, error: `exception: ${e?.message ?? e}`, checks_ok: false, check_failures: ['exception'] };
  }
  if (v.checks_ok === false) allOk = false;
  result.vectors.push(v);
  process.stderr.write(`n=${n} size=${v.blob_size} -> ${v.error ?? v.blob_id_base64url} ${v.checks_ok === false ? 'CHECKS FAILED ' + v.check_failures.join(',') : ''}\n`);
}
const json = JSON.stringify(result, null, 2);
if (opts.out) writeFileSync(opts.out, json + '\n');
else process.stdout.write(json + '\n');
process.exit(allOk ? 0 : 1);
