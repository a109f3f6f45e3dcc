// Per-call latency of the SDK's two transports against a running local network: the default client
// (gRPC-Web over HTTP/1.1) and native gRPC (HTTP/2), both on LocalSui's one port.
//   node bench-transports.mjs DIR/client.json [CALLS]
import { readFileSync } from 'node:fs';
import { SuiGrpcClient } from '@mysten/sui/grpc';
import { GrpcTransport } from '@protobuf-ts/grpc-transport';
import { ChannelCredentials } from '@grpc/grpc-js';

const [config, calls = '1000'] = process.argv.slice(2);
if (!config) {
  console.error('usage: node bench-transports.mjs DIR/client.json [CALLS]');
  process.exit(2);
}
const { chain } = JSON.parse(readFileSync(config, 'utf8'));
const n = Number(calls);
const clients = [
  ['native gRPC (HTTP/2)', new SuiGrpcClient({ network: 'localnet', transport: new GrpcTransport({
    host: new URL(chain.network).host, channelCredentials: ChannelCredentials.createInsecure() }) })],
  ['gRPC-Web (HTTP/1.1, default client)', new SuiGrpcClient({ network: 'localnet', baseUrl: chain.network })],
];
const times = [];
for (const [name, client] of clients) {
  for (let i = 0; i < 50; i++) await client.core.getObject({ objectId: chain.systemObject });
  const t = process.hrtime.bigint();
  for (let i = 0; i < n; i++) await client.core.getObject({ objectId: chain.systemObject, include: { content: true } });
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  times.push(ms);
  console.log(`${name}: ${n} sequential GetObject(System, content) in ${ms.toFixed(0)} ms = ${(ms / n).toFixed(3)} ms/call`);
}
console.log(`ratio gRPC-Web / native = ${(times[1] / times[0]).toFixed(2)}`);
process.exit(0);
