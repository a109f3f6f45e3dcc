// The SDK reads a list of blobs and quilt patches that something else wrote and compares SHA-256 with
// what was produced. Run alone by ITs that prepare a particular situation (WalrusSdkEpochChangeIT: during
// and after an epoch change that moves shards; the pipeline IT: what the Flink sink wrote). The list is
// WALRUS_EXPECTED: { "blobs": [{ "blobId", "sha256" }], "patches": [{ "quiltPatchId", "sha256", "quiltId"?, "identifier"? }] },
// SHA-256 in lowercase hex. WALRUS_PHASE names the situation in the test titles.
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { expected, defaultSuiClient, walrusClient } from '../lib/stack.mjs';

const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');
const phase = process.env.WALRUS_PHASE ?? 'listed';

describe(`SDK reads the listed blobs and patches (${phase})`, () => {
  let walrus;
  let want;
  before(() => {
    want = expected();
    walrus = walrusClient(defaultSuiClient());
  });

  test('readBlob returns bytes with the listed SHA-256', async () => {
    assert.ok((want.blobs ?? []).length > 0, 'the Java side listed no blobs');
    for (const b of want.blobs) {
      const bytes = await walrus.readBlob({ blobId: b.blobId });
      assert.equal(sha256(bytes), b.sha256, `SHA-256 of blob ${b.blobId}`);
    }
  });

  // Registered only for what is listed: the Java side decides (and asserts the pass count).
  const listed = expected();
  if (listed.patches?.length) test('getFiles by quilt patch ID returns bytes with the listed SHA-256', async () => {
    const files = await walrus.getFiles({ ids: want.patches.map((p) => p.quiltPatchId) });
    assert.equal(files.length, want.patches.length);
    for (let i = 0; i < files.length; i++) {
      assert.equal(sha256(await files[i].bytes()), want.patches[i].sha256,
        `SHA-256 of patch ${want.patches[i].quiltPatchId}`);
    }
  });

  // Patches listed with their quilt ID and identifier are also read through the quilt: getBlob, then files by identifier.
  if (listed.patches?.some((p) => p.quiltId && p.identifier)) test('a quilt read by its ID returns each listed identifier with the listed SHA-256', async () => {
    for (const p of want.patches.filter((x) => x.quiltId && x.identifier)) {
      const blob = await walrus.getBlob({ blobId: p.quiltId });
      const [file] = await blob.files({ identifiers: [p.identifier] });
      assert.ok(file, `identifier ${p.identifier} not found in quilt ${p.quiltId}`);
      assert.equal(await file.getIdentifier(), p.identifier);
      assert.equal(sha256(await file.bytes()), p.sha256, `SHA-256 of ${p.identifier} in quilt ${p.quiltId}`);
    }
  });
});
