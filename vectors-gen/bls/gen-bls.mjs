// Generates BLS12-381 min_pk (NUL DST) vectors for Walrus storage confirmations.
// Keys and signatures come from @noble/curves; every signature and aggregate is checked with the
// official @mysten/walrus-wasm (fastcrypto) verifier before it is written.
import { bls12_381 as bls } from '@noble/curves/bls12-381';
import { createHash } from 'node:crypto';
const sha256 = (b) => new Uint8Array(createHash('sha256').update(b).digest());
import * as wasm from '@mysten/walrus-wasm';
import { writeFileSync } from 'node:fs';

const hex = (u) => Buffer.from(u).toString('hex');
const R = bls.params.r;
const enc = new TextEncoder();

function secretKey(i) {
  const h = sha256(enc.encode('walrus-stream-bls-vector-' + i));
  let x = 0n;
  for (const b of h) x = (x << 8n) | BigInt(b);
  x = x % R;
  if (x === 0n) x = 1n;
  return Uint8Array.from(Buffer.from(x.toString(16).padStart(64, '0'), 'hex'));
}

function confirmation(epoch, blobId, objectId) {
  const out = [1, 0, 3, epoch & 0xff, (epoch >> 8) & 0xff, (epoch >> 16) & 0xff, (epoch >>> 24) & 0xff, ...blobId];
  if (objectId) out.push(1, ...objectId); else out.push(0);
  return Uint8Array.from(out);
}

const blobId = Uint8Array.from({ length: 32 }, (_, i) => i * 7 + 1);
const objectId = Uint8Array.from({ length: 32 }, (_, i) => 255 - i);
const messages = [
  { name: 'permanent epoch 7', bytes: confirmation(7, blobId, null) },
  { name: 'deletable epoch 4294967295', bytes: confirmation(0xffffffff, blobId, objectId) },
  { name: 'empty message', bytes: new Uint8Array(0) },
];

const keys = [];
for (let i = 0; i < 5; i++) {
  const sk = secretKey(i);
  const pk = bls.getPublicKey(sk); // 48-byte compressed G1
  keys.push({ sk: hex(sk), pk: hex(pk) });
}

const signatures = [];
for (const m of messages) {
  for (let i = 0; i < keys.length; i++) {
    const sig = bls.sign(m.bytes, Buffer.from(keys[i].sk, 'hex'));
    const ok = wasm.bls12381_min_pk_verify(sig, Buffer.from(keys[i].pk, 'hex'), m.bytes);
    if (!ok) throw new Error('walrus-wasm rejected a noble signature');
    signatures.push({ message: hex(m.bytes), key: i, signature: hex(sig) });
  }
}

const aggregates = [];
for (const m of messages) {
  for (const signers of [[0, 1, 2], [0, 1, 2, 3, 4], [3]]) {
    const sigs = signers.map((i) => signatures.find((s) => s.message === hex(m.bytes) && s.key === i).signature);
    const agg = wasm.bls12381_min_pk_aggregate(sigs.map((s) => Buffer.from(s, 'hex')));
    const nobleAgg = bls.aggregateSignatures(sigs.map((s) => Buffer.from(s, 'hex')));
    if (hex(agg) !== hex(nobleAgg)) throw new Error('aggregates differ');
    const pks = signers.map((i) => Buffer.from(keys[i].pk, 'hex'));
    if (!wasm.bls12381_min_pk_verify_aggregate(pks, m.bytes, agg)) throw new Error('aggregate rejected');
    const tampered = Uint8Array.from([...m.bytes, 0]);
    if (wasm.bls12381_min_pk_verify_aggregate(pks, tampered, agg)) throw new Error('aggregate verified a different message');
    aggregates.push({ message: hex(m.bytes), signers, aggregate: hex(agg) });
  }
}

const out = {
  description: 'BLS12-381 min_pk, DST BLS_SIG_BLS12381G2_XMD:SHA-256_SSWU_RO_NUL_; keys/signatures by @noble/curves, each verified by @mysten/walrus-wasm (fastcrypto). Secret keys are 32-byte big-endian scalars, public keys compressed G1 (48 B), signatures compressed G2 (96 B).',
  generator: 'vectors-gen/bls/gen-bls.mjs',
  keys, signatures, aggregates,
};
writeFileSync(process.argv[2] ?? 'bls-vectors.json', JSON.stringify(out, null, 1) + '\n');
console.log('ok', signatures.length, 'signatures', aggregates.length, 'aggregates');
