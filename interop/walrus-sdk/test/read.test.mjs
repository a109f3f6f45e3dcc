// The SDK reads what walrus-stream wrote: blobs from `store`, quilt patches from `store-quilt` by patch
// ID and by quilt ID + identifier, tags included. Both transports: the default gRPC-Web and native gRPC.
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { expected, transports, walrusClient } from '../lib/stack.mjs';

for (const [transport, suiClient] of transports) describe(`SDK reads what walrus-stream wrote (${transport})`, () => {
  let walrus;
  let want;
  before(() => {
    want = expected();
    walrus = walrusClient(suiClient());
  });

  test('readBlob returns the bytes `store` wrote', async () => {
    assert.ok(want.blobs.length > 0, 'the Java side stored no blobs');
    for (const b of want.blobs) {
      const bytes = await walrus.readBlob({ blobId: b.blobId });
      assert.deepEqual(Buffer.from(bytes), readFileSync(b.file), `blob ${b.blobId} (${b.file})`);
    }
  });

  test('getFiles by quilt patch ID returns each patch, its identifier and tags', async () => {
    for (const q of want.quilts) {
      const files = await walrus.getFiles({ ids: q.patches.map((p) => p.quiltPatchId) });
      assert.equal(files.length, q.patches.length);
      for (let i = 0; i < files.length; i++) {
        const p = q.patches[i];
        assert.equal(await files[i].getIdentifier(), p.identifier, `patch ${p.quiltPatchId}`);
        assert.deepEqual(await files[i].getTags(), p.tags, `tags of ${p.identifier}`);
        assert.deepEqual(Buffer.from(await files[i].bytes()), readFileSync(p.file), `bytes of ${p.identifier}`);
      }
    }
  });

  test('a quilt read by its ID lists every patch; identifiers and tags select them', async () => {
    for (const q of want.quilts) {
      const blob = await walrus.getBlob({ blobId: q.quiltId });
      const all = await blob.files();
      assert.deepEqual((await Promise.all(all.map((f) => f.getIdentifier()))).sort(),
        q.patches.map((p) => p.identifier).sort());
      for (const p of q.patches) {
        const [byId] = await blob.files({ identifiers: [p.identifier] });
        assert.ok(byId, `identifier ${p.identifier} not found in quilt ${q.quiltId}`);
        assert.deepEqual(Buffer.from(await byId.bytes()), readFileSync(p.file), `bytes of ${p.identifier}`);
      }
      const tagged = q.patches.filter((p) => Object.keys(p.tags).length > 0);
      assert.ok(tagged.length > 0, `quilt ${q.quiltId} has no tagged patch to select by`);
      const [key, value] = Object.entries(tagged[0].tags)[0];
      const byTag = await blob.files({ tags: [{ [key]: value }] });
      assert.deepEqual((await Promise.all(byTag.map((f) => f.getIdentifier()))).sort(),
        q.patches.filter((p) => p.tags[key] === value).map((p) => p.identifier).sort());
    }
  });
});
