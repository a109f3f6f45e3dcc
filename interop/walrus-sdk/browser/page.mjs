// The official Walrus SDK in a web page: @mysten/sui's default gRPC-Web client (fetch over HTTP/1.1) and
// @mysten/walrus reading straight from the storage nodes, both cross-origin. Bundled by build.mjs; the page
// is served by WalrusSdkBrowserIT, which answers /config.json (endpoints, what to read) and receives the
// bytes read as a POST to /result.
import { SuiGrpcClient } from '@mysten/sui/grpc';
import { WalrusClient } from '@mysten/walrus';

const base64 = (bytes) => {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
};

/** Requests the page made to a given origin, from the browser's resource timing entries. */
const requestsTo = (origin) => performance.getEntriesByType('resource').filter((e) => e.name.startsWith(origin)).length;

async function report(body) {
  await fetch('/result', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
}

async function main() {
  const cfg = await (await fetch('/config.json')).json();
  performance.setResourceTimingBufferSize(100_000);
  const suiClient = new SuiGrpcClient({ network: 'localnet', baseUrl: cfg.suiUrl });
  const walrus = new WalrusClient({
    suiClient,
    packageConfig: { systemObjectId: cfg.systemObject, stakingPoolId: cfg.stakingObject },
    storageNodeUrlScheme: 'http',
    wasmUrl: new URL('walrus_wasm_bg.wasm', location.href).href,
  });
  const blobs = [];
  for (const blobId of cfg.blobIds) {
    blobs.push({ blobId, base64: base64(await walrus.readBlob({ blobId })) });
  }
  const patches = [];
  const files = await walrus.getFiles({ ids: cfg.quiltPatchIds });
  for (let i = 0; i < files.length; i++) {
    patches.push({ quiltPatchId: cfg.quiltPatchIds[i], identifier: await files[i].getIdentifier(),
      base64: base64(await files[i].bytes()) });
  }
  await report({
    ok: true,
    origin: location.origin,
    userAgent: navigator.userAgent,
    suiRequests: requestsTo(new URL(cfg.suiUrl).origin),
    nodeRequests: cfg.nodeOrigins.reduce((n, o) => n + requestsTo(o), 0),
    blobs,
    patches,
  });
}

main().catch((e) => report({ ok: false, error: String(e?.stack ?? e) }).catch(() => {}));
