#!/usr/bin/env node
// Walrus QuiltV1 test-vector generator.
//
// What is produced, and by whom:
//   * the quilt bytes (the unencoded blob) are built by an INDEPENDENT re-implementation of the
//     rules of QuiltV1 (as in walrus-core's quilt_encoding.rs at v1.56.0);
//   * the blob ID (and the secondary slivers used by the read check) come from the OFFICIAL
//     @mysten/walrus-wasm package (a wasm build of walrus-core's RS2 encoder);
//   * the quilt bytes are cross-checked against the TS SDK's own encoder (encodeQuilt in
//     @mysten/walrus, plain JS, runs on Node 20 despite the package's "node >= 22" engine field)
//     when that package is installed.  The TS SDK sorts identifiers by UTF-16 code units while
//     Rust sorts by UTF-8 bytes, so for the "unicode" set a mismatch is EXPECTED and reported.
//   * a reader check re-opens every patch twice: from the whole quilt (column-major reads in the
//     row-major blob) and from the wasm encoder's secondary slivers only (column c = secondary
//     sliver c, found in sliver pair n-1-c), exactly the way an aggregator reads one patch.
//
// Usage:
//   node gen-quilt.mjs [--shards 10,1000] [--sets basic,unicode,max] [--dump-quilt] [--pretty]
//
// Output: JSON on stdout; a one-line summary per vector on stderr.  Exit code 1 if any
// self-check fails (an expected TS-SDK divergence is not a failure).

import { createHash } from 'node:crypto';
import { BlobEncoder } from '@mysten/walrus-wasm';

// ------------------------------------------------------------------ constants (QuiltV1)
const VERSION = 0x01;
const INDEX_PREFIX = 5;            // version byte + u32 LE index length
const PATCH_HEADER = 6;            // version byte + u32 LE length + mask byte
const MAX_INDEX_COLUMNS = 10;
const MASK_HAS_TAGS = 0x01;
const RS2_ALIGNMENT = 2;
const RS2_MAX_SYMBOL = 65534;      // u16::MAX - 1 for RS2 in walrus-core
const U16_MAX = 0xffff;
const U32_MAX = 0xffffffff;

// ------------------------------------------------------------------ small helpers
const hex = (u8) => Buffer.from(u8).toString('hex');
const b64url = (u8) => Buffer.from(u8).toString('base64url');
const sha256hex = (u8) => createHash('sha256').update(u8).digest('hex');
const utf8 = (s) => new TextEncoder().encode(s);
const toU8 = (v) => (v instanceof Uint8Array ? v : Uint8Array.from(v));
const ceilDiv = (a, b) => Math.floor((a + b - 1) / b);

function concat(parts) {
  const total = parts.reduce((n, p) => n + p.length, 0);
  const out = new Uint8Array(total);
  let o = 0;
  for (const p of parts) { out.set(p, o); o += p.length; }
  return out;
}

function u16le(v) { return Uint8Array.of(v & 0xff, (v >>> 8) & 0xff); }
function u32le(v) { const b = new Uint8Array(4); new DataView(b.buffer).setUint32(0, v, true); return b; }

function uleb128(n) {
  const out = [];
  for (;;) {
    const low = n % 128;
    n = Math.floor(n / 128);
    if (n === 0) { out.push(low); return Uint8Array.from(out); }
    out.push(low | 0x80);
  }
}

// Unsigned lexicographic byte comparison; a proper prefix sorts first (same as Rust's [u8] Ord).
function cmpBytes(a, b) {
  const m = Math.min(a.length, b.length);
  for (let i = 0; i < m; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
}

// Deterministic filler: first `size` bytes of SHA256(seed||be64(0)) || SHA256(seed||be64(1)) ...
function deterministicData(seed, size) {
  const out = Buffer.alloc(size);
  const ctr = Buffer.alloc(8);
  for (let off = 0, i = 0n; off < size; off += 32, i++) {
    ctr.writeBigUInt64BE(i);
    createHash('sha256').update(Buffer.from(seed, 'utf8')).update(ctr).digest()
      .copy(out, off, 0, Math.min(32, size - off));
  }
  return new Uint8Array(out.buffer, out.byteOffset, out.length);
}

// ------------------------------------------------------------------ BCS pieces
const bcsString = (s) => { const b = utf8(s); return concat([uleb128(b.length), b]); };

// BTreeMap<String,String> as the Rust `bcs` crate writes it: entries ordered by the BCS bytes of
// the key (ULEB length prefix included!), so "b" (01 62) precedes "aa" (02 61 61).
function bcsTags(tags) {
  const entries = Object.entries(tags ?? {}).map(([k, v]) => [bcsString(k), bcsString(String(v))]);
  entries.sort((x, y) => cmpBytes(x[0], y[0]));
  for (let i = 1; i < entries.length; i++) {
    if (cmpBytes(entries[i - 1][0], entries[i][0]) === 0) throw new Error('duplicate tag key');
  }
  return concat([uleb128(entries.length), ...entries.flat()]);
}

// QuiltIndexV1 = Vec<QuiltPatchV1>; a patch is { end_index u16, identifier String, tags Map }.
// The start index is NOT serialized.
function bcsIndex(patches) {
  return concat([
    uleb128(patches.length),
    ...patches.flatMap((p) => [u16le(p.end), bcsString(p.identifier), bcsTags(p.tags)]),
  ]);
}

// ------------------------------------------------------------------ identifier rules
// Rust char::is_whitespace == Unicode White_Space (NOT JS \s, which adds U+FEFF; NOT Java's
// Character.isWhitespace, which drops the no-break spaces and adds U+001C..U+001F).
const WHITE_SPACE = new Set([0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x20, 0x85, 0xa0, 0x1680,
  0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200a,
  0x2028, 0x2029, 0x202f, 0x205f, 0x3000]);

function validateIdentifier(id) {
  const bytes = utf8(id);
  if (bytes.length > U16_MAX) throw new Error(`InvalidIdentifier: too long (${bytes.length} bytes)`);
  if (bytes.length === 0) throw new Error('InvalidIdentifier: empty');
  const cps = [...id].map((c) => c.codePointAt(0));
  if (WHITE_SPACE.has(cps[cps.length - 1])) throw new Error('InvalidIdentifier: trailing whitespace');
  if (cps.some((c) => c <= 0x1f || (c >= 0x7f && c <= 0x9f))) {
    throw new Error('InvalidIdentifier: control character');
  }
}

// ------------------------------------------------------------------ encoding config
function sourceSymbols(n) {
  const f = Math.floor((n - 1) / 3);
  return { nRows: n - 2 * f, nCols: n - f }; // primary / secondary source symbol counts
}

// ------------------------------------------------------------------ symbol size
function columnsNeeded(sizes, columnSize) {
  return sizes.reduce((acc, s) => acc + ceilDiv(s, columnSize), 0);
}

function computeSymbolSize(sizes, nCols, nRows) {
  if (sizes.length > nCols) {
    throw new Error(`TooManyBlobs(${sizes.length - 1}, max ${nCols - 1})`);
  }
  const sum = sizes.reduce((a, b) => a + b, 0);
  let lo = Math.max(
    ceilDiv(sum, nCols * nRows),
    ceilDiv(sizes[0], nRows * MAX_INDEX_COLUMNS),
    ceilDiv(INDEX_PREFIX, nRows),
  );
  let hi = ceilDiv(Math.max(...sizes), Math.floor(nCols / sizes.length) * nRows);
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    if (columnsNeeded(sizes, mid * nRows) <= nCols) hi = mid; else lo = mid + 1;
  }
  const s = ceilDiv(lo, RS2_ALIGNMENT) * RS2_ALIGNMENT;
  if (columnsNeeded(sizes, s * nRows) > nCols) throw new Error('internal: symbol size does not fit');
  if (s > RS2_MAX_SYMBOL) throw new Error(`QuiltOversize: symbol size ${s} > ${RS2_MAX_SYMBOL}`);
  return s;
}

// ------------------------------------------------------------------ writer
// Bytes of one patch, in column-major order: header, identifier section, [tags section], data.
function serializePatch(blob) {
  const idBcs = bcsString(blob.identifier);
  if (idBcs.length >= U16_MAX) throw new Error('InvalidIdentifier: BCS size too large');
  const sections = [u16le(idBcs.length), idBcs];
  let mask = 0;
  if (blob.tags && Object.keys(blob.tags).length > 0) {
    const t = bcsTags(blob.tags);
    if (t.length > U16_MAX) throw new Error('tags too large');
    sections.push(u16le(t.length), t);
    mask |= MASK_HAS_TAGS;
  }
  const body = sections.reduce((n, p) => n + p.length, 0) + blob.data.length;
  if (body > U32_MAX) throw new Error('QuiltOversize: patch > u32::MAX');
  return concat([Uint8Array.of(VERSION), u32le(body), Uint8Array.of(mask), ...sections, blob.data]);
}

// Write `bytes` into the row-major matrix starting at the top of column `startCol`, going down
// the column (S bytes per cell) and then on to the next column.
function writeColumns(matrix, bytes, startCol, geo) {
  for (let p = 0; p < bytes.length;) {
    const col = startCol + Math.floor(p / geo.columnSize);
    const within = p % geo.columnSize;
    const row = Math.floor(within / geo.S);
    const off = within % geo.S;
    const take = Math.min(geo.S - off, bytes.length - p);
    matrix.set(bytes.subarray(p, p + take), row * geo.rowSize + col * geo.S + off);
    p += take;
  }
}

function buildQuilt(blobs, n) {
  const { nRows, nCols } = sourceSymbols(n);
  for (const b of blobs) validateIdentifier(b.identifier);
  // Rust: String Ord == UTF-8 byte order.
  const sorted = [...blobs].sort((a, b) => cmpBytes(utf8(a.identifier), utf8(b.identifier)));
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i - 1].identifier === sorted[i].identifier) {
      throw new Error(`DuplicateIdentifier(${sorted[i].identifier})`);
    }
  }
  const patches = sorted.map((b) => ({ identifier: b.identifier, tags: b.tags ?? {}, start: 0, end: 0 }));
  // end_index is a fixed-width u16, so the index size does not depend on the final layout.
  const indexLen = bcsIndex(patches).length;
  const serialized = sorted.map(serializePatch);
  const sizes = [INDEX_PREFIX + indexLen, ...serialized.map((s) => s.length)];
  const S = computeSymbolSize(sizes, nCols, nRows);
  const geo = { S, rowSize: S * nCols, columnSize: S * nRows, nRows, nCols };
  const matrix = new Uint8Array(nRows * nCols * S);
  const indexCols = ceilDiv(sizes[0], geo.columnSize);
  if (indexCols > MAX_INDEX_COLUMNS) throw new Error('index too large');
  let col = indexCols;
  serialized.forEach((bytes, i) => {
    writeColumns(matrix, bytes, col, geo);
    patches[i].start = col;
    col += ceilDiv(bytes.length, geo.columnSize);
    patches[i].end = col;
  });
  const indexBytes = bcsIndex(patches);
  if (indexBytes.length !== indexLen) throw new Error('internal: index size changed');
  const meta = concat([Uint8Array.of(VERSION), u32le(indexBytes.length), indexBytes]);
  writeColumns(matrix, meta, 0, geo);
  return { matrix, geo, patches, meta, indexCols, serialized, sorted };
}

// ------------------------------------------------------------------ readers
// A "column source" returns `len` bytes starting `skip` bytes into column `startCol` (reading
// on into the following columns).  Two implementations: whole blob, or secondary slivers only.
function blobColumnSource(matrix, geo) {
  return (startCol, skip, len) => {
    const out = new Uint8Array(len);
    for (let i = 0; i < len; i++) {
      const p = skip + i;
      const col = startCol + Math.floor(p / geo.columnSize);
      const within = p % geo.columnSize;
      const idx = Math.floor(within / geo.S) * geo.rowSize + col * geo.S + (within % geo.S);
      if (idx >= matrix.length) throw new Error('read past end of quilt');
      out[i] = matrix[idx];
    }
    return out;
  };
}

function sliverColumnSource(columns, columnSize, fetched) {
  return (startCol, skip, len) => {
    const parts = [];
    let c = startCol + Math.floor(skip / columnSize);
    let off = skip % columnSize;
    let left = len;
    while (left > 0) {
      const col = columns(c);
      fetched.add(c);
      const take = Math.min(columnSize - off, left);
      parts.push(col.subarray(off, off + take));
      left -= take; off = 0; c++;
    }
    return concat(parts);
  };
}

function readUleb(buf, pos) {
  let v = 0; let mul = 1;
  for (;;) {
    const b = buf[pos.i++];
    v += (b & 0x7f) * mul;
    if (!(b & 0x80)) return v;
    mul *= 128;
  }
}
function readBcsString(buf, pos) {
  const len = readUleb(buf, pos);
  const s = new TextDecoder('utf-8', { fatal: true }).decode(buf.subarray(pos.i, pos.i + len));
  pos.i += len;
  return s;
}
function readBcsTags(buf, pos) {
  const n = readUleb(buf, pos);
  const tags = {};
  for (let i = 0; i < n; i++) { const k = readBcsString(buf, pos); tags[k] = readBcsString(buf, pos); }
  return tags;
}

function readIndex(read, columnSize) {
  const head = read(0, 0, INDEX_PREFIX);
  if (head[0] !== VERSION) throw new Error(`bad quilt version ${head[0]}`);
  const len = new DataView(head.buffer, head.byteOffset).getUint32(1, true);
  if (len > columnSize * MAX_INDEX_COLUMNS - INDEX_PREFIX) throw new Error('index too large');
  const body = read(0, INDEX_PREFIX, len);
  const pos = { i: 0 };
  const count = readUleb(body, pos);
  const patches = [];
  // The first patch starts right after the index columns; each later one at the previous end.
  let start = ceilDiv(INDEX_PREFIX + len, columnSize);
  for (let k = 0; k < count; k++) {
    const end = body[pos.i] | (body[pos.i + 1] << 8); pos.i += 2;
    const identifier = readBcsString(body, pos);
    const tags = readBcsTags(body, pos);
    patches.push({ identifier, tags, start, end });
    start = end;
  }
  if (pos.i !== body.length) throw new Error('trailing bytes after index');
  return patches;
}

function readPatch(read, startCol) {
  const h = read(startCol, 0, PATCH_HEADER);
  if (h[0] !== VERSION) throw new Error('bad patch header version');
  const length = new DataView(h.buffer, h.byteOffset).getUint32(1, true);
  const mask = h[5];
  let off = PATCH_HEADER;
  const idLen = new DataView(read(startCol, off, 2).buffer).getUint16(0, true); off += 2;
  const identifier = readBcsString(read(startCol, off, idLen), { i: 0 }); off += idLen;
  let remaining = length - 2 - idLen;
  let tags = {};
  if (mask & MASK_HAS_TAGS) {
    const tLen = new DataView(read(startCol, off, 2).buffer).getUint16(0, true); off += 2;
    tags = readBcsTags(read(startCol, off, tLen), { i: 0 }); off += tLen;
    remaining -= 2 + tLen;
  }
  return { identifier, tags, data: read(startCol, off, remaining) };
}

// ------------------------------------------------------------------ IDs
function patchIdBytes(blobId, start, end) {
  return concat([blobId, Uint8Array.of(VERSION), u16le(start), u16le(end)]);
}

// ------------------------------------------------------------------ wasm: blob ID + slivers
function sliverBcsLen(dataLen) { return uleb128(dataLen).length + dataLen + 4; }
function parseSliver(buf) {
  const pos = { i: 0 };
  const len = readUleb(buf, pos);
  const data = buf.subarray(pos.i, pos.i + len);
  const dv = new DataView(buf.buffer, buf.byteOffset + pos.i + len, 4);
  return { data, symbolSize: dv.getUint16(0, true), index: dv.getUint16(2, true) };
}

function encodeWithWasm(matrix, n, geo) {
  const enc = new BlobEncoder(n);
  const pb = Array.from({ length: n }, () => new Uint8Array(sliverBcsLen(geo.nCols * geo.S)));
  const sb = Array.from({ length: n }, () => new Uint8Array(sliverBcsLen(geo.nRows * geo.S)));
  const [mwid] = enc.encode(matrix, pb, sb);
  enc.free();
  return { blobId: toU8(mwid.blob_id), metadata: mwid.metadata.V1, secondary: sb.map(parseSliver) };
}

// ------------------------------------------------------------------ optional TS SDK cross-check
async function loadTsSdk() {
  try {
    // The package's "exports" map only exposes ".", so resolve the entry point and walk to the
    // (unexported) module file that holds encodeQuilt; importing it does not load the Sui client.
    const { createRequire } = await import('node:module');
    const { readFileSync } = await import('node:fs');
    const { pathToFileURL } = await import('node:url');
    const require = createRequire(import.meta.url);
    const entry = pathToFileURL(require.resolve('@mysten/walrus')); // .../dist/index.mjs
    const mod = await import(new URL('./utils/quilts.mjs', entry).href);
    const version = JSON.parse(readFileSync(new URL('../package.json', entry), 'utf8')).version;
    let QuiltReader = null;
    try { ({ QuiltReader } = await import(new URL('./files/readers/quilt.mjs', entry).href)); } catch { /* optional */ }
    return { encodeQuilt: mod.encodeQuilt, QuiltReader, version };
  } catch (e) {
    return { error: String(e?.message ?? e) };
  }
}

// ------------------------------------------------------------------ input sets
function inputSets(n) {
  const { nCols } = sourceSymbols(n);
  const maxPatches = nCols - 1;
  const tiny = (count, width) => Array.from({ length: count }, (_, i) => {
    const id = `p${String(i).padStart(width, '0')}`;
    return { identifier: id, data: deterministicData(id, 16) };
  });
  return {
    basic: [
      { identifier: 'sample-000001.json',
        data: utf8('{"id":1,"text":"a walrus on the beach","label":"walrus"}'),
        tags: { split: 'train', 'content-type': 'application/json' } },
      { identifier: 'thumbs/000001.jpg', data: deterministicData('thumbs/000001.jpg', 1500),
        tags: { 'content-type': 'image/jpeg' } },
      // tag keys chosen so that BCS order ("b" < "aa") differs from string order ("aa" < "b")
      { identifier: 'README.txt', data: utf8('hello quilt\n'), tags: { aa: '1', b: '2' } },
      { identifier: 'empty.bin', data: new Uint8Array(0) },
      { identifier: 'data/shard-0.bin', data: deterministicData('data/shard-0.bin', 5000) },
    ],
    // UTF-8 order: "z.txt" < "\uFF21.txt" < "\u{1F600}.txt"; UTF-16 (JS/Java) order differs.
    unicode: [
      { identifier: 'z.txt', data: utf8('z') },
      { identifier: '\uFF21.txt', data: utf8('fullwidth A') },
      { identifier: '\u{1F600}.txt', data: utf8('emoji') },
    ],
    // The most patches a quilt can hold at this n (n_s - 1); one more must be rejected.
    max: tiny(maxPatches, String(maxPatches).length),
    max_plus_one: tiny(maxPatches + 1, String(maxPatches + 1).length),
    // Index length L with ceil(L/col) != ceil((L+5)/col): the index spills into one more column
    // only because of its 5-byte prefix.  Rust starts the first patch after that column; the TS
    // SDK's QuiltReader.readIndex (1.2.13) forgets the prefix and points one column too early.
    // Patch "c" needs one column more than ceil(len/column) because of its header: the TS SDK's
    // sliver reader fetches ceil(len/column) slivers only and returns zeros for the tail.
    ts_reader_content_trap: n === 10
      ? [{ identifier: 'big', data: deterministicData('big', 3000) },
        { identifier: 'c', data: deterministicData('c', 2010) }]
      : [{ identifier: 'c', data: deterministicData('c', 665) }],
    ts_reader_trap: n === 10
      ? [{ identifier: 'a', data: new Uint8Array(0) }]
      : [{ identifier: 'x'.repeat(658), data: new Uint8Array(0) }],
  };
}

// ------------------------------------------------------------------ one vector
async function makeVector(setName, blobs, n, ts, opts) {
  const vec = { set: setName, n_shards: n, inputs: blobs.length };
  let q;
  try {
    q = buildQuilt(blobs, n);
  } catch (e) {
    vec.error = String(e.message);
    if (ts.encodeQuilt) {
      try {
        ts.encodeQuilt({ blobs: blobs.map((b) => ({ identifier: b.identifier, contents: b.data, tags: b.tags })), numShards: n, encodingType: 'RS2' });
        vec.ts_sdk_error = 'NO ERROR';
      } catch (e2) { vec.ts_sdk_error = String(e2.message); }
    }
    vec.checks_ok = setName.endsWith('plus_one') ? true : false;
    return vec;
  }
  const { matrix, geo, patches, meta } = q;
  const failures = [];
  const expect = (name, cond) => { if (!cond) failures.push(name); };

  const { blobId, metadata, secondary } = encodeWithWasm(matrix, n, geo);
  expect('wasm_unencoded_length', Number(metadata.unencoded_length) === matrix.length);
  expect('secondary_sliver_len_is_column_size', secondary.every((s) => s.data.length === geo.columnSize));
  expect('secondary_sliver_symbol_size', secondary.every((s) => s.symbolSize === geo.S));

  // Column c is secondary sliver c, stored in sliver pair n-1-c.
  const column = (c) => {
    const s = secondary[n - 1 - c];
    if (s.index !== c) throw new Error(`pair ${n - 1 - c} holds secondary sliver ${s.index}, not ${c}`);
    return s.data;
  };
  for (let c = 0; c < geo.nCols; c++) {
    const viaBlob = blobColumnSource(matrix, geo)(c, 0, geo.columnSize);
    if (hex(viaBlob) !== hex(column(c))) { failures.push(`column_${c}_equals_secondary_sliver_${c}`); break; }
  }

  // Reader checks: index from column 0 (+ following), then each patch by identifier.
  const fromBlob = blobColumnSource(matrix, geo);
  const idxA = readIndex(fromBlob, geo.columnSize);
  const fetchedForIndex = new Set();
  const idxB = readIndex(sliverColumnSource(column, geo.columnSize, fetchedForIndex), geo.columnSize);
  expect('index_same_via_blob_and_slivers', JSON.stringify(idxA) === JSON.stringify(idxB));
  expect('index_matches_writer', JSON.stringify(idxA.map((p) => [p.identifier, p.start, p.end]))
    === JSON.stringify(patches.map((p) => [p.identifier, p.start, p.end])));

  const outPatches = [];
  for (const p of patches) {
    const src = blobs.find((b) => b.identifier === p.identifier);
    const fetched = new Set();
    const a = readPatch(fromBlob, p.start);
    const b = readPatch(sliverColumnSource(column, geo.columnSize, fetched), p.start);
    expect(`patch_${p.identifier}_roundtrip_blob`, hex(a.data) === hex(src.data) && a.identifier === p.identifier);
    expect(`patch_${p.identifier}_roundtrip_slivers`, hex(b.data) === hex(src.data) && b.identifier === p.identifier);
    expect(`patch_${p.identifier}_only_own_columns`, [...fetched].every((c) => c >= p.start && c < p.end));
    const pid = patchIdBytes(blobId, p.start, p.end);
    outPatches.push({
      identifier: p.identifier,
      tags: p.tags,
      data_len: src.data.length,
      data_sha256: sha256hex(src.data),
      start_index: p.start,
      end_index: p.end,
      secondary_sliver_indices: `${p.start}..${p.end - 1}`,
      sliver_pair_indices: Array.from({ length: p.end - p.start }, (_, i) => n - 1 - (p.start + i)),
      patch_header_and_prefix_hex: hex(q.serialized[patches.indexOf(p)].subarray(0, q.serialized[patches.indexOf(p)].length - src.data.length)),
      internal_id_hex: hex(pid.subarray(32)),
      quilt_patch_id: b64url(pid),
    });
  }

  // TS SDK cross-check.
  if (ts.encodeQuilt) {
    try {
      const r = ts.encodeQuilt({
        blobs: blobs.map((b) => ({ identifier: b.identifier, contents: b.data, tags: b.tags })),
        numShards: n, encodingType: 'RS2',
      });
      vec.ts_sdk_same_bytes = hex(r.quilt) === hex(matrix);
      if (!vec.ts_sdk_same_bytes) {
        vec.ts_sdk_order = r.index.patches.map((p) => p.identifier);
        if (setName !== 'unicode') failures.push('ts_sdk_same_bytes');
      }
    } catch (e) { vec.ts_sdk_error = String(e.message); failures.push('ts_sdk_threw'); }
  }

  // TS SDK reader, fed with the real secondary slivers (its sliver path, no full-blob fallback).
  if (ts.QuiltReader) {
    const blobIdText = b64url(blobId);
    const mockBlob = {
      blobId: blobIdText, hasStartedLoadingFullBlob: false,
      getSecondarySliver: async ({ sliverIndex }) => column(sliverIndex),
      getColumnSize: async () => geo.columnSize,
      getBytes: async () => matrix, getRowSize: async () => geo.rowSize, getSymbolSize: async () => geo.S,
    };
    const reader = new ts.QuiltReader({ blob: mockBlob });
    const r = { index_ok: false, patches_ok: [] };
    try {
      const listed = await reader.readIndex();
      r.index_ok = JSON.stringify(listed.map((x) => [x.identifier, x.patchId]))
        === JSON.stringify(outPatches.map((x) => [x.identifier, x.quilt_patch_id]));
    } catch (e) { r.index_error = String(e.message); }
    for (const p of patches) {
      const src = blobs.find((b) => b.identifier === p.identifier);
      try {
        const got = await reader.readBlob(p.start);
        r.patches_ok.push(got.identifier === p.identifier && hex(got.blobContents) === hex(src.data));
      } catch (e) { r.patches_ok.push(false); }
    }
    r.all_ok = r.index_ok && r.patches_ok.every(Boolean);
    if (r.patches_ok.length > 8) r.patches_ok = `${r.patches_ok.filter(Boolean).length}/${r.patches_ok.length} ok`;
    vec.ts_sdk_reader = r;
    // Only the sets built to avoid its two bugs must pass; elsewhere this is informational.
    if (!r.all_ok && (setName === 'basic' || setName === 'max')) failures.push('ts_sdk_reader');
  }

  // The TS SDK reader derives the first patch's start column as ceil(index_len / column_size),
  // forgetting the 5-byte prefix that Rust counts.  Flag vectors where the two differ.
  const tsFirstStart = ceilDiv(meta.length - INDEX_PREFIX, geo.columnSize);
  vec.ts_reader_first_start_differs = tsFirstStart !== q.indexCols;
  if (setName === 'ts_reader_trap') expect('trap_really_triggers', vec.ts_reader_first_start_differs);

  Object.assign(vec, {
    n_rows_primary_source_symbols: geo.nRows,
    n_cols_secondary_source_symbols: geo.nCols,
    symbol_size: geo.S,
    column_size: geo.columnSize,
    row_size: geo.rowSize,
    quilt_length: matrix.length,
    quilt_sha256: sha256hex(matrix),
    index_columns: q.indexCols,
    index_prefix_and_bcs_len: meta.length,
    index_slivers_fetched_by_reader: [...fetchedForIndex].sort((x, y) => x - y),
    blob_id_hex: hex(blobId),
    blob_id: b64url(blobId),
    columns_used: patches.length ? patches[patches.length - 1].end : q.indexCols,
    patches: outPatches,
  });
  if (meta.length <= 512 || opts.dumpQuilt) vec.index_meta_hex = hex(meta);
  if (opts.dumpQuilt) vec.quilt_hex = hex(matrix);
  if (setName === 'max' && outPatches.length > 4) {
    vec.patches = [...outPatches.slice(0, 2), { elided: outPatches.length - 4 }, ...outPatches.slice(-2)];
    vec.index_meta_sha256 = sha256hex(meta);
    delete vec.index_meta_hex;
  }
  vec.checks_ok = failures.length === 0;
  if (failures.length) vec.check_failures = failures;
  return vec;
}


// ------------------------------------------------------------------ known-answer tests
// Snapshots pinned in the TS SDK's own unit tests (MystenLabs/ts-sdks,
// packages/walrus/test/unit/utils/encode-quilt.test.ts, n_shards = 1000): data byte i of
// "testBlob(size, seed)" is (i + seed) mod 256 and the quilt is summarised by a 32-bit djb2 hash
// (h = h*33 + byte, start 5381, wrapping, printed as unsigned hex).  They need no SDK install.
function testBlob(size, seed = 0) {
  const d = new Uint8Array(size);
  for (let i = 0; i < size; i++) d[i] = (i + seed) % 256;
  return d;
}
function djb2(u8) {
  let h = 5381;
  for (const b of u8) h = (Math.imul(h, 33) + b) | 0;
  return (h >>> 0).toString(16).padStart(8, '0');
}
function runKats() {
  const cases = [
    { name: 'single', want: '73b40ec0', ranges: [[1, 3]],
      blobs: [{ identifier: 'test-blob', data: testBlob(1000, 42) }] },
    { name: 'three', want: 'a5388b02', ranges: [[1, 2], [2, 4], [4, 6]],
      blobs: [{ identifier: 'blob-a', data: testBlob(500, 1) }, { identifier: 'blob-b', data: testBlob(1000, 2) },
        { identifier: 'blob-c', data: testBlob(750, 3) }] },
    { name: 'tags', want: 'ebe0c7e7',
      blobs: [{ identifier: 'tagged-blob', data: testBlob(500), tags: { author: 'test', version: '1.0' } }] },
    { name: 'tags_reordered', want: '9ed5d860',
      blobs: [{ identifier: 'tagged', data: testBlob(100, 1), tags: { key: 'value', foo: 'bar' } }] },
    { name: 'empty', want: '37bd7d4a', blobs: [{ identifier: 'empty', data: new Uint8Array(0) }] },
    { name: 'sorted', want: 'e18dbdb9',
      blobs: [{ identifier: 'z-last', data: testBlob(100) }, { identifier: 'a-first', data: testBlob(100) },
        { identifier: 'm-middle', data: testBlob(100) }] },
  ];
  return cases.map((c) => {
    const q = buildQuilt(c.blobs, 1000);
    const got = djb2(q.matrix);
    const ranges = q.patches.map((p) => [p.start, p.end]);
    const ok = got === c.want && (!c.ranges || JSON.stringify(ranges) === JSON.stringify(c.ranges));
    return { name: c.name, want_djb2: c.want, got_djb2: got, ranges, ok };
  });
}

// ------------------------------------------------------------------ main
function parseArgs(argv) {
  const o = { shards: [10, 1000], sets: ['basic', 'unicode', 'max', 'max_plus_one', 'ts_reader_trap', 'ts_reader_content_trap'], dumpQuilt: false, pretty: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--shards') o.shards = argv[++i].split(',').map(Number);
    else if (a === '--sets') o.sets = argv[++i].split(',');
    else if (a === '--dump-quilt') o.dumpQuilt = true;
    else if (a === '--pretty') o.pretty = true;
    else if (a === '--files') { o.files = []; while (i + 1 < argv.length && !argv[i + 1].startsWith('--')) o.files.push(argv[++i]); }
    else if (a === '--help' || a === '-h') {
      process.stdout.write('node gen-quilt.mjs [--shards 10,1000] [--sets basic,unicode,max,max_plus_one,ts_reader_trap,ts_reader_content_trap] [--dump-quilt] [--pretty]\n'
        + 'node gen-quilt.mjs --shards N --files FILE...   quilt of the given files (identifier = file name): JSON, then the blob ID alone on the last line\n');
      process.exit(0);
    } else throw new Error(`unknown argument ${a}`);
  }
  return o;
}

const opts = parseArgs(process.argv.slice(2));
if (opts.files) {
  // Quilt of arbitrary files, identifier = file name; prints JSON, then the blob ID on its own line.
  const { readFileSync } = await import('node:fs');
  const { basename } = await import('node:path');
  const blobs = opts.files.map((f) => ({ identifier: basename(f), data: toU8(readFileSync(f)) }));
  for (const n of opts.shards) {
    const q = buildQuilt(blobs, n);
    const { blobId } = encodeWithWasm(q.matrix, n, q.geo);
    const patches = q.patches.map((p) => ({ identifier: p.identifier, start: p.start, end: p.end,
      quilt_patch_id: b64url(patchIdBytes(blobId, p.start, p.end)) }));
    process.stdout.write(JSON.stringify({ n_shards: n, symbol_size: q.geo.S, blob_id: b64url(blobId), patches }) + '\n');
    process.stdout.write(b64url(blobId) + '\n');
  }
  process.exit(0);
}
const ts = await loadTsSdk();
const result = {
  generator: {
    spec: 'QuiltV1 of walrus-core quilt_encoding.rs @ v1.56.0 (docs/codec.md)',
    blob_id_from: '@mysten/walrus-wasm 0.3.0 (walrus-core RS2 encoder)',
    ts_sdk: ts.version ? `@mysten/walrus ${ts.version} (encodeQuilt, cross-check)` : `not available: ${ts.error}`,
    node: process.version,
  },
  vectors: [],
};
const kats = runKats();
result.generator.known_answer_tests = { source: 'ts-sdks encode-quilt.test.ts snapshots (n=1000)', cases: kats };
let ok = kats.every((k) => k.ok);
process.stderr.write(`KAT (TS SDK snapshots): ${kats.map((k) => `${k.name}=${k.ok ? 'OK' : 'FAIL'}`).join(' ')}\n`);
for (const n of opts.shards) {
  const sets = inputSets(n);
  for (const name of opts.sets) {
    const v = await makeVector(name, sets[name], n, ts, opts);
    result.vectors.push(v);
    ok &&= v.checks_ok;
    process.stderr.write(`n=${n} set=${name}: ${v.error ? `error ${v.error} (ts: ${v.ts_sdk_error ?? '-'})` : `S=${v.symbol_size} cols=${v.columns_used}/${v.n_cols_secondary_source_symbols} blob=${v.blob_id}`}`
      + ` ts_same=${v.ts_sdk_same_bytes ?? '-'} ts_reader_ok=${v.ts_sdk_reader?.all_ok ?? '-'} checks=${v.checks_ok ? 'OK' : 'FAIL ' + (v.check_failures ?? []).join(',')}\n`);
  }
}
process.stdout.write(JSON.stringify(result, null, opts.pretty ? 2 : 0) + '\n');
process.exit(ok ? 0 : 1);
