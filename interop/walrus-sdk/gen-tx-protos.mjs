// Golden vectors for TransactionProtos (the Java BCS <-> sui.rpc.v2.Transaction converters): transactions
// built by the official @mysten/sui SDK (pinned in package-lock.json), each with the BCS TransactionData the
// SDK signs and the structured Transaction proto the SDK's gRPC client sends (its own converter,
// transactionDataToGrpcTransaction). Deterministic: fixed IDs, digests and values, no network.
//   node gen-tx-protos.mjs > ../../sui/src/test/resources/sui-tx-proto-vectors.json
import { Transaction, Inputs } from '@mysten/sui/transactions';
import { GrpcTypes } from '@mysten/sui/grpc';
import { bcs } from '@mysten/sui/bcs';
import { toBase64 } from '@mysten/bcs';

// Not in the package's exports map: the SDK's own converter, loaded by file.
const { transactionDataToGrpcTransaction } = await import(
  new URL('./node_modules/@mysten/sui/dist/client/transaction-resolver.mjs', import.meta.url));
const ProtoTransaction = GrpcTypes.Transaction ?? (await import(
  new URL('./node_modules/@mysten/sui/dist/grpc/proto/sui/rpc/v2/transaction.mjs', import.meta.url))).Transaction;

const hex = (n) => '0x' + n.toString(16).padStart(64, '0');
// Base58 digests of 32 bytes: the SDK accepts any valid 32-byte Base58 string.
const digest = (seed) => {
  const alphabet = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
  const bytes = Uint8Array.from({ length: 32 }, (_, i) => (seed * 31 + i * 7) & 0xff);
  let n = BigInt('0x' + Buffer.from(bytes).toString('hex'));
  let s = '';
  while (n > 0n) { s = alphabet[Number(n % 58n)] + s; n /= 58n; }
  for (const b of bytes) { if (b === 0) s = '1' + s; else break; }
  return s;
};
const sender = hex(0xabcdefn);
const ref = (id, version, seed) => ({ objectId: hex(id), version: String(version), digest: digest(seed) });
const WAL = `${hex(0x77n)}::wal::WAL`;
const walrusPkg = hex(0x5a1n);

function base(tx, { price = 1000, budget = 50_000_000, payment = [ref(0x900n, 12, 1)], owner } = {}) {
  tx.setSender(sender);
  tx.setGasPrice(price);
  tx.setGasBudget(budget);
  tx.setGasPayment(payment);
  if (owner) tx.setGasOwner(owner);
  return tx;
}

const cases = [];
async function add(name, build) {
  const tx = build(new Transaction());
  const bytes = await tx.build();
  const proto = transactionDataToGrpcTransaction(tx.getData());
  cases.push({
    name,
    bcs: toBase64(bytes),
    proto: toBase64(ProtoTransaction.toBinary(proto)),
    protoJson: ProtoTransaction.toJson(proto),
  });
}

await add('transfer-sui-split-from-gas', (tx) => {
  base(tx);
  const [coin] = tx.splitCoins(tx.gas, [tx.pure.u64(1_000_000n)]);
  tx.transferObjects([coin], tx.pure.address(hex(0xbeefn)));
  return tx;
});

await add('walrus-register-blob-like', (tx) => {
  base(tx, { payment: [ref(0x901n, 3, 2), ref(0x902n, 4, 3)] });
  const system = tx.object(Inputs.SharedObjectRef({ objectId: hex(0x5151n), initialSharedVersion: '7', mutable: true }));
  const wal1 = tx.object(Inputs.ObjectRef(ref(0xa1n, 20, 4)));
  const wal2 = tx.object(Inputs.ObjectRef(ref(0xa2n, 21, 5)));
  tx.mergeCoins(wal1, [wal2]);
  const [storageCoin, writeCoin] = tx.splitCoins(wal1, [tx.pure.u64(5000n), tx.pure.u64(20n)]);
  const storage = tx.moveCall({ target: `${walrusPkg}::system::reserve_space`,
    arguments: [system, tx.pure.u64(66_000_000n), tx.pure.u32(3), storageCoin] });
  tx.moveCall({ target: '0x2::coin::destroy_zero', typeArguments: [WAL], arguments: [storageCoin] });
  const blob = tx.moveCall({ target: `${walrusPkg}::system::register_blob`, arguments: [system, storage,
    tx.pure.u256(123456789012345678901234567890n), tx.pure.u256(98765432109876543210n), tx.pure.u64(30_000n),
    tx.pure.u8(1), tx.pure.bool(true), writeCoin] });
  tx.moveCall({ target: '0x2::coin::destroy_zero', typeArguments: [WAL], arguments: [writeCoin] });
  tx.transferObjects([blob], tx.pure.address(sender));
  return tx;
});

await add('certify-readonly-shared-epoch-expiry', (tx) => {
  base(tx, { price: 750, budget: 9_000_000, owner: hex(0x5e0n) });
  tx.setExpiration({ Epoch: 42 });
  const system = tx.object(Inputs.SharedObjectRef({ objectId: hex(0x5151n), initialSharedVersion: '7', mutable: false }));
  const blob = tx.object(Inputs.ObjectRef(ref(0xb10bn, 33, 6)));
  tx.moveCall({ target: `${walrusPkg}::system::certify_blob`, arguments: [system, blob,
    tx.pure.vector('u8', [1, 2, 3, 4]), tx.pure.vector('u8', [0x0f]), tx.pure.vector('u8', Array.from({ length: 40 }, (_, i) => i))] });
  return tx;
});

await add('make-move-vec-nested-results-receiving', (tx) => {
  base(tx);
  const recv = tx.object(Inputs.ReceivingRef(ref(0xc0n, 5, 7)));
  const parent = tx.object(Inputs.ObjectRef(ref(0xc1n, 9, 8)));
  const got = tx.moveCall({ target: `${hex(0xddn)}::box::receive`, typeArguments: ['0x2::coin::Coin<0x2::sui::SUI>'],
    arguments: [parent, recv] });
  const v = tx.makeMoveVec({ type: 'u64', elements: [tx.pure.u64(1), tx.pure.u64(2)] });
  const objs = tx.makeMoveVec({ elements: [got] });
  tx.moveCall({ target: `${hex(0xddn)}::box::consume`, typeArguments: ['vector<u8>', `${hex(0xddn)}::box::Pair<u64, bool>`],
    arguments: [v, objs, tx.gas] });
  return tx;
});

await add('valid-during-expiry', (tx) => {
  base(tx);
  tx.setExpiration({ ValidDuring: { minEpoch: '3', maxEpoch: '4', minTimestamp: null, maxTimestamp: null,
    chain: digest(9), nonce: 77 } });
  tx.transferObjects([tx.gas], tx.pure.address(hex(0x1n)));
  return tx;
});

await add('publish-and-upgrade', (tx) => {
  base(tx);
  const [cap] = tx.publish({ modules: [[0xa1, 0x1c, 0xeb, 0x0b, 1, 2, 3]], dependencies: [hex(1n), hex(2n)] });
  tx.transferObjects([cap], tx.pure.address(sender));
  const ticket = tx.moveCall({ target: '0x2::package::authorize_upgrade',
    arguments: [tx.object(Inputs.ObjectRef(ref(0xcafen, 2, 10))), tx.pure.u8(0), tx.pure.vector('u8', [9, 9])] });
  tx.upgrade({ modules: [[0xa1, 0x1c, 0xeb, 0x0b, 4]], dependencies: [hex(1n)], package: hex(0xfeedn), ticket });
  return tx;
});

process.stdout.write(JSON.stringify({ generator: 'interop/walrus-sdk/gen-tx-protos.mjs', sdk: '@mysten/sui 2.33.1',
  cases }, null, 2) + '\n');
