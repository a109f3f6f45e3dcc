// The SDK's own quilt reader against quilts the SDK's own encoder wrote, no network involved. Reading a
// patch by patch ID goes through secondary slivers (QuiltReader.readBytesFromSlivers): for a field of
// `length` bytes at `offset` it fetches ceil(length / columnSize) columns from the column holding `offset`
// and copies from offset % columnSize, so a field that starts mid-column and ends one column further
// comes back cut short, padded with zeros and no error (@mysten/walrus 1.2.13). The Java side names such
// patches with SdkQuiltSliverReads (same inputs in SdkQuiltSliverReadsTest) and lists only patches the SDK
// reads exactly when it asks the SDK to read what the pipeline wrote. When this test fails because the
// 300-byte patches read back exact, the SDK was fixed: drop the filter in PipelineIT.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';

const dist = new URL('../node_modules/@mysten/walrus/dist/', import.meta.url);
const load = (p) => import(fileURLToPath(new URL(p, dist)));
const { encodeQuilt } = await load('utils/quilts.mjs');
const { getSourceSymbols } = await load('utils/index.mjs');
const { QuiltReader } = await load('files/readers/quilt.mjs');

const NUM_SHARDS = 10;
const TAGS = { topic: 'clips', partition: '0', offset: '12345', source: 'some-long-source-name-to-make-tags-bigger' };

/** Encodes three tagged files of `size` bytes and reads each back by its start column, slivers only. */
async function roundTrip(size) {
  const files = [0, 1, 2].map((i) => ({ identifier: `file-${i}.bin`, contents: new Uint8Array(size).fill(i + 1), tags: TAGS }));
  const { quilt, index } = encodeQuilt({ blobs: files, numShards: NUM_SHARDS, encodingType: 'RS2' });
  const { primarySymbols: rows, secondarySymbols: cols } = getSourceSymbols(NUM_SHARDS, 'RS2');
  const rowSize = quilt.length / rows;
  const symbolSize = rowSize / cols;
  const columnSize = symbolSize * rows;
  const column = (j) => {
    const c = new Uint8Array(columnSize);
    for (let r = 0; r < rows; r++) c.set(quilt.subarray(r * rowSize + j * symbolSize, r * rowSize + (j + 1) * symbolSize), r * symbolSize);
    return c;
  };
  // the BlobReader surface QuiltReader uses: secondary slivers are the quilt's columns; no whole-blob fallback
  const blob = {
    blobId: 'local', hasStartedLoadingFullBlob: false,
    getSecondarySliver: async ({ sliverIndex }) => column(sliverIndex),
    getColumnSize: async () => columnSize,
    getBytes: async () => { throw new Error('this test offers slivers only'); },
  };
  const reader = new QuiltReader({ blob });
  const outcomes = [];
  for (const patch of index.patches) {
    const want = files.find((f) => f.identifier === patch.identifier).contents;
    try {
      const got = (await reader.readBlob(patch.startIndex)).blobContents;
      outcomes.push(Buffer.compare(Buffer.from(got), Buffer.from(want)) === 0 ? 'exact' : 'wrong bytes');
    } catch (e) {
      outcomes.push(`${e.constructor.name}: ${e.message}`);
    }
  }
  return { columnSize, outcomes };
}

describe('the SDK reads its own quilts through secondary slivers (no network)', () => {
  test('1000-byte patches in 560-byte columns read back exact', async () => {
    const { columnSize, outcomes } = await roundTrip(1000);
    assert.equal(columnSize, 560);
    assert.deepEqual(outcomes, ['exact', 'exact', 'exact']);
  });

  test('300-byte patches in 312-byte columns read back wrong (the SDK defect SdkQuiltSliverReads names)', async () => {
    const { columnSize, outcomes } = await roundTrip(300);
    assert.equal(columnSize, 312);
    assert.deepEqual(outcomes, ['wrong bytes', 'wrong bytes', 'wrong bytes'],
      'the SDK now reads these exactly: it was fixed; drop the SdkQuiltSliverReads filter in PipelineIT');
  });
});
