// The SDK writes files through the stack: writeFiles stores a quilt (the Blob carries the attribute
// _walrusBlobType=quilt, so it needs metadata::new, blob::add_metadata and insert_or_update_metadata_pair),
// the patches read back by ID with identifiers and tags, and attributes are updated and removed. The Java side
// then reads the quilt with walrus-stream read-quilt and the attributes with get-blob-attribute. Both transports.
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { WalrusFile } from '@mysten/walrus';
import { transports, walrusClient, signer, recordWritten, scratch } from '../lib/stack.mjs';

for (const [transport, suiClient] of transports) describe(`SDK writes files and attributes (${transport})`, () => {
  let walrus;
  let keypair;
  before(() => {
    walrus = walrusClient(suiClient());
    keypair = signer();
  });

  test('writeFiles stores a tagged quilt that reads back by patch ID; attributes update and remove', async () => {
    const tag = transport.replace(/[^a-z]+/gi, '-');
    const specs = [
      { identifier: 'notes.txt', contents: new TextEncoder().encode(`written by the Walrus SDK over ${transport}`),
        tags: { kind: 'text', via: tag } },
      { identifier: 'frame.raw', contents: new Uint8Array(randomBytes(7000)), tags: { kind: 'video' } },
    ];
    const written = await walrus.writeFiles({
      files: specs.map((s) => WalrusFile.from(s)), epochs: 2, deletable: true, signer: keypair,
    });
    assert.equal(written.length, specs.length);
    const quiltId = written[0].blobId;
    const blobObjectId = written[0].blobObject.id.id ?? written[0].blobObject.id;
    const files = await walrus.getFiles({ ids: written.map((w) => w.id) });
    const patches = [];
    for (let i = 0; i < files.length; i++) {
      const identifier = await files[i].getIdentifier();
      const spec = specs.find((s) => s.identifier === identifier);
      assert.ok(spec, `unexpected patch ${identifier}`);
      assert.deepEqual(await files[i].getTags(), spec.tags);
      assert.deepEqual(await files[i].bytes(), spec.contents);
      const file = join(scratch(), `sdk-quilt-${tag}-${identifier}`);
      writeFileSync(file, spec.contents);
      patches.push({ identifier, quiltPatchId: written[i].id, tags: spec.tags, file });
    }

    assert.deepEqual(await walrus.readBlobAttributes({ blobObjectId }), { _walrusBlobType: 'quilt' });
    await walrus.executeWriteBlobAttributesTransaction({ blobObjectId, signer: keypair,
      attributes: { project: 'walrus-stream', scratch: 'to be removed' } });
    assert.deepEqual(await walrus.readBlobAttributes({ blobObjectId }),
      { _walrusBlobType: 'quilt', project: 'walrus-stream', scratch: 'to be removed' });
    await walrus.executeWriteBlobAttributesTransaction({ blobObjectId, signer: keypair,
      attributes: { scratch: null, project: 'interop' } });
    const attributes = await walrus.readBlobAttributes({ blobObjectId });
    assert.deepEqual(attributes, { _walrusBlobType: 'quilt', project: 'interop' });
    recordWritten({ quiltId, blobObjectId, attributes, patches, transport }, 'quilts');
  });
});
