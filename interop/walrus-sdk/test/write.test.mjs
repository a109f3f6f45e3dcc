// The SDK writes through the stack: writeBlob registers (server-side input resolution and gas selection in
// SimulateTransaction), uploads slivers to our nodes, certifies; it reads back what it wrote. The Java side
// then checks the same blobs with walrus-stream read and blob-status. Both transports.
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { transports, walrusClient, signer, recordWritten, scratch } from '../lib/stack.mjs';

for (const [transport, suiClient] of transports) describe(`SDK writes through the stack (${transport})`, () => {
  let sui;
  let walrus;
  let keypair;
  before(() => {
    sui = suiClient();
    walrus = walrusClient(sui);
    keypair = signer();
  });

  test('GetFunction tells the SDK the WAL coin type', async () => {
    const system = await walrus.systemObject();
    const pkg = (await sui.core.getObject({ objectId: system.id })).object.type.split('::')[0];
    const fn = await sui.core.getMoveFunction({ packageId: pkg, moduleName: 'staking', name: 'stake_with_pool' });
    const coin = fn.function.parameters[1].body;
    assert.equal(coin.$kind, 'datatype');
    assert.match(coin.datatype.typeName, /::coin::Coin$/);
    assert.match(coin.datatype.typeParameters[0].datatype.typeName, /::wal::WAL$/);
  });

  for (const [size, deletable] of [[1, true], [50_000, false]]) {
    test(`writeBlob of ${size} bytes (${deletable ? 'deletable' : 'permanent'}) certifies and reads back`, async () => {
      const tag = transport.replace(/[^a-z]+/gi, '-');
      const blob = new Uint8Array(randomBytes(size));
      const { blobId, blobObject } = await walrus.writeBlob({ blob, deletable, epochs: 2, signer: keypair });
      assert.equal(blobObject.blob_id !== undefined, true);
      assert.ok(blobObject.certified_epoch !== null, `blob ${blobId} is not certified: ${JSON.stringify(blobObject)}`);
      assert.deepEqual(await walrus.readBlob({ blobId }), blob);
      const file = join(scratch(), `sdk-blob-${tag}-${size}.bin`);
      writeFileSync(file, blob);
      recordWritten({ blobId, file, objectId: blobObject.id.id ?? blobObject.id, deletable, transport });
    });
  }
});
