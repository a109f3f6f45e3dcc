// The local Walrus network under test, as the Java side (WalrusSdkInteropIT) describes it through the
// environment. Every value is required: a missing one fails naming the variable.
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { Ed25519Keypair } from '@mysten/sui/keypairs/ed25519';
import { ChannelCredentials } from '@grpc/grpc-js';
import { GrpcTransport } from '@protobuf-ts/grpc-transport';
import { SuiGrpcClient } from '@mysten/sui/grpc';
import { WalrusClient } from '@mysten/walrus';

export function env(name) {
  const value = process.env[name];
  if (value === undefined || value === '') {
    throw new Error(`environment variable ${name} is not set; run this suite through WalrusSdkInteropIT `
      + `(mvn verify -Dit.test=WalrusSdkInteropIT) or set it to the local network's value`);
  }
  return value;
}

/** The gRPC endpoint of LocalSui, e.g. http://127.0.0.1:9123. */
export const suiUrl = () => env('WALRUS_SUI_GRPC_URL');

/** What the Java side stored before the suite ran: blobs and quilts with their source files. */
export function expected() {
  const file = env('WALRUS_EXPECTED');
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new Error(`WALRUS_EXPECTED=${file} is not a readable JSON file: ${e.message}`);
  }
}

/** A Sui client speaking native gRPC (HTTP/2) through @grpc/grpc-js. */
export function nativeGrpcSuiClient() {
  const url = new URL(suiUrl());
  const transport = new GrpcTransport({
    host: url.host,
    channelCredentials: ChannelCredentials.createInsecure(),
  });
  return new SuiGrpcClient({ network: 'localnet', transport });
}

/** The SDK's default client: gRPC-Web over HTTP/1.1 (fetch), as `new SuiGrpcClient({ network, baseUrl })`. */
export function defaultSuiClient() {
  return new SuiGrpcClient({ network: 'localnet', baseUrl: suiUrl() });
}

/** Both transports, by name: the SDK's default (gRPC-Web) and native gRPC over HTTP/2. */
export const transports = [['default gRPC-Web', defaultSuiClient], ['native gRPC', nativeGrpcSuiClient]];

/** A Walrus client over the given Sui client, with this network's System and Staking objects. */
export function walrusClient(suiClient) {
  return new WalrusClient({
    suiClient,
    packageConfig: {
      systemObjectId: env('WALRUS_SYSTEM_OBJECT'),
      stakingPoolId: env('WALRUS_STAKING_OBJECT'),
    },
    storageNodeUrlScheme: 'http',
    ...(process.env.WALRUS_SDK_TRACE ? { storageNodeClientOptions: { fetch: tracingFetch } } : {}),
  });
}

/**
 * A fetch that logs every storage-node request the SDK makes (method, URL, status or error, time) on
 * stderr; on when WALRUS_SDK_TRACE is set, to see which node the SDK asked and what it rejected.
 */
async function tracingFetch(url, init) {
  const start = Date.now();
  try {
    const response = await fetch(url, init);
    console.error(`[walrus-sdk] ${init?.method ?? 'GET'} ${url} -> ${response.status} (${Date.now() - start} ms)`);
    return response;
  } catch (e) {
    console.error(`[walrus-sdk] ${init?.method ?? 'GET'} ${url} -> ${e?.name}: ${e?.message} ${e?.cause ?? ''} (${Date.now() - start} ms)`);
    throw e;
  }
}

/** The network's funded account (SUI for gas, WAL for storage): the suiprivkey1… in WALRUS_SUI_KEY_FILE. */
export function signer() {
  const file = env('WALRUS_SUI_KEY_FILE');
  return Ed25519Keypair.fromSecretKey(readFileSync(file, 'utf8').trim());
}

/**
 * Records what the SDK wrote for the Java side to check with walrus-stream (WALRUS_SDK_WROTE, a JSON file
 * holding {blobs: [{blobId, file, objectId, deletable}], quilts: [...]}); each call appends to its kind.
 */
export function recordWritten(entry, kind = 'blobs') {
  const file = env('WALRUS_SDK_WROTE');
  const all = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
  (all[kind] ??= []).push(entry);
  writeFileSync(file, JSON.stringify(all, null, 2));
}

/** A scratch directory for files the suite writes (WALRUS_SCRATCH). */
export const scratch = () => env('WALRUS_SCRATCH');
