// Bundles page.mjs with esbuild (pinned in package.json) into OUT_DIR/page.js, with the SDK's WebAssembly
// beside it (walrus_wasm_bg.wasm, from @mysten/walrus-wasm's browser build) and index.html.
// Usage: node browser/build.mjs OUT_DIR
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const out = process.argv[2];
if (!out) throw new Error('usage: node browser/build.mjs OUT_DIR');
const here = dirname(fileURLToPath(import.meta.url));
mkdirSync(out, { recursive: true });
await build({
  entryPoints: [join(here, 'page.mjs')],
  outfile: join(out, 'page.js'),
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  logLevel: 'warning',
});
const require = createRequire(import.meta.url);
copyFileSync(require.resolve('@mysten/walrus-wasm/web/walrus_wasm_bg.wasm'), join(out, 'walrus_wasm_bg.wasm'));
writeFileSync(join(out, 'index.html'), '<!doctype html><meta charset="utf-8"><title>Walrus SDK in a browser</title>'
  + '<script type="module" src="page.js"></script>\n');
console.log(`built ${join(out, 'page.js')}`);
