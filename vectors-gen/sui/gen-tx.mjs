// Offline generator of Sui transaction test vectors from the official TypeScript SDK.
//
// Purpose: give the Java Sui client byte-exact expectations. Every vector is described by a
// neutral "spec" (inputs, commands, gas data, expiration) that is printed next to the SDK's
// output, so a Java test can rebuild the same transaction from the spec and compare:
//   - BCS bytes of TransactionData (hex + base64)
//   - transaction digest (Base58 of Blake2b-256("TransactionData::" || bcs)), plus hex
//   - intent message and the 32-byte signing digest
//   - serialized Ed25519 signature (flag 0x00 || sig64 || pk32), base64 + hex
//   - sender address (Blake2b-256(0x00 || pk32))
//
// Fully offline: fetch is replaced by a function that throws, every object reference, shared
// version, gas price, budget and sender is given explicitly, and no client is passed to build().
//
// Usage: npm install && node gen-tx.mjs [--out vectors.json]

import { writeFileSync } from 'node:fs';
import { blake2b } from '@noble/hashes/blake2b';
import { bcs } from '@mysten/sui/bcs';
import { Ed25519Keypair, Ed25519PublicKey } from '@mysten/sui/keypairs/ed25519';
import { Inputs, Transaction } from '@mysten/sui/transactions';
import { deriveDynamicFieldID, fromBase64, toBase58, toBase64, toHex } from '@mysten/sui/utils';

// ---- hard offline guard -------------------------------------------------------------------
globalThis.fetch = () => {
	throw new Error('network access is disabled in gen-tx.mjs');
};

// ---- fixed key material ---------------------------------------------------------------------
// Seed = bytes 0x00..0x1f. Ed25519 signing is deterministic, so every run prints the same output.
const SEED = Uint8Array.from({ length: 32 }, (_, i) => i);
const keypair = Ed25519Keypair.fromSecretKey(SEED);
const SENDER = keypair.toSuiAddress();

// ---- helpers for deterministic fake identifiers --------------------------------------------
const enc = new TextEncoder();
/** 32 bytes derived from a label (Blake2b-256 of the label). */
const bytes32 = (label) => blake2b(enc.encode(label), { dkLen: 32 });
const objectId = (label) => '0x' + toHex(bytes32('object:' + label));
const objectDigest = (label) => toBase58(bytes32('digest:' + label));
const ref = (label, version) => ({
	objectId: objectId(label),
	version: String(version),
	digest: objectDigest(label),
});

/** Walrus blob IDs are 32 raw bytes, shown as URL-safe base64 without padding. */
function blobIdBytes(b64url) {
	const b64 = b64url.replace(/-/g, '+').replace(/_/g, '/');
	const padded = b64 + '='.repeat((4 - (b64.length % 4)) % 4);
	const out = fromBase64(padded);
	if (out.length !== 32) throw new Error('blob id must be 32 bytes');
	return out;
}
/** Move u256 value whose BCS encoding (32 bytes little-endian) equals the given bytes. */
function u256FromLeBytes(b) {
	let v = 0n;
	for (let i = b.length - 1; i >= 0; i--) v = (v << 8n) | BigInt(b[i]);
	return v;
}

// ---- common constants -------------------------------------------------------------------------
const WALRUS_PKG = '0x' + toHex(bytes32('package:walrus-latest')); // stands for System.package_id
const WAL_TYPE = '0x' + toHex(bytes32('package:wal')) + '::wal::WAL';
const SYSTEM_ID = objectId('walrus-system');
const SYSTEM_ISV = '373874'; // illustrative initial_shared_version; read the real one from Owner.version
const RECIPIENT = '0x' + toHex(bytes32('address:recipient'));
const KAT_BLOB_ID = 'RcU82Mwf-CFkv1LaI_2qcpANwpGUuG3TMwnVzZxD2kY';
const blobId = blobIdBytes(KAT_BLOB_ID);
const rootHash = bytes32('root-hash');

// Confirmation message for certify_blob: intent [1,0,3] || epoch u32 LE || blob id || 0x00.
const CERT_EPOCH = 7;
const certMessage = Uint8Array.from([
	1, 0, 3,
	CERT_EPOCH & 0xff, (CERT_EPOCH >> 8) & 0xff, (CERT_EPOCH >> 16) & 0xff, (CERT_EPOCH >>> 24) & 0xff,
	...blobId,
	0,
]);
const fakeAggSig = Uint8Array.from({ length: 96 }, (_, i) => (i * 7 + 3) & 0xff);

// ---- the vectors, as neutral specs ------------------------------------------------------------
// Input kinds: pure (type + value), owned (ImmOrOwnedObject), shared, receiving.
// Argument forms: {GasCoin:true} | {Input:i} | {Result:i} | {NestedResult:[i,j]}.
const gas = (label, version) => ({
	payment: [ref(label, version)],
	owner: SENDER,
	price: '750',
	budget: '10000000',
});

const specs = [
	{
		name: 'split-transfer',
		description: 'SplitCoins from the gas coin, transfer the new coin. Expiration None.',
		inputs: [
			{ kind: 'pure', type: 'u64', value: '1000000' },
			{ kind: 'pure', type: 'address', value: RECIPIENT },
		],
		commands: [
			{ kind: 'SplitCoins', coin: { GasCoin: true }, amounts: [{ Input: 0 }] },
			{ kind: 'TransferObjects', objects: [{ NestedResult: [0, 0] }], address: { Input: 1 } },
		],
		gasData: gas('gas-1', 12),
		expiration: { None: true },
	},
	{
		name: 'merge-split-transfer-owned',
		description:
			'Two owned coins merged into a third, two amounts split off, both transferred; ' +
			'two gas coins; expiration Epoch(42).',
		inputs: [
			{ kind: 'owned', ...ref('coin-a', 5) },
			{ kind: 'owned', ...ref('coin-b', 9) },
			{ kind: 'owned', ...ref('coin-c', 1) },
			{ kind: 'pure', type: 'u64', value: '7' },
			{ kind: 'pure', type: 'u64', value: '18446744073709551615' },
			{ kind: 'pure', type: 'address', value: RECIPIENT },
		],
		commands: [
			{ kind: 'MergeCoins', destination: { Input: 0 }, sources: [{ Input: 1 }, { Input: 2 }] },
			{ kind: 'SplitCoins', coin: { Input: 0 }, amounts: [{ Input: 3 }, { Input: 4 }] },
			{
				kind: 'TransferObjects',
				objects: [{ NestedResult: [1, 0] }, { NestedResult: [1, 1] }],
				address: { Input: 5 },
			},
		],
		gasData: {
			payment: [ref('gas-2a', 300), ref('gas-2b', 301)],
			owner: SENDER,
			price: '1000',
			budget: '50000000',
		},
		expiration: { Epoch: 42 },
	},
	{
		name: 'walrus-register-rust-shape',
		description:
			'walrus-sui shape: one WAL coin used directly as &mut Coin<WAL> payment for ' +
			'system::reserve_space and system::register_blob; Blob transferred to the sender. ' +
			'System object shared, mutable. blob_id/root_hash as u256 (BCS = the 32 raw bytes).',
		inputs: [
			{ kind: 'shared', objectId: SYSTEM_ID, initialSharedVersion: SYSTEM_ISV, mutable: true },
			{ kind: 'pure', type: 'u64', value: '66034000' }, // storage_amount = encoded size
			{ kind: 'pure', type: 'u32', value: 5 }, // epochs_ahead
			{ kind: 'owned', ...ref('wal-coin', 77) }, // Coin<WAL>
			{ kind: 'pure', type: 'u256', value: u256FromLeBytes(blobId).toString() },
			{ kind: 'pure', type: 'u256', value: u256FromLeBytes(rootHash).toString() },
			{ kind: 'pure', type: 'u64', value: '1048576' }, // unencoded size
			{ kind: 'pure', type: 'u8', value: 1 }, // encoding_type RS2
			{ kind: 'pure', type: 'bool', value: false }, // deletable
			{ kind: 'pure', type: 'address', value: SENDER },
		],
		commands: [
			{
				kind: 'MoveCall',
				package: WALRUS_PKG,
				module: 'system',
				function: 'reserve_space',
				typeArguments: [],
				arguments: [{ Input: 0 }, { Input: 1 }, { Input: 2 }, { Input: 3 }],
			},
			{
				kind: 'MoveCall',
				package: WALRUS_PKG,
				module: 'system',
				function: 'register_blob',
				typeArguments: [],
				arguments: [
					{ Input: 0 },
					{ Result: 0 },
					{ Input: 4 },
					{ Input: 5 },
					{ Input: 6 },
					{ Input: 7 },
					{ Input: 8 },
					{ Input: 3 },
				],
			},
			{ kind: 'TransferObjects', objects: [{ Result: 1 }], address: { Input: 9 } },
		],
		gasData: gas('gas-3', 88),
		expiration: { None: true },
	},
	{
		name: 'walrus-register-ts-shape',
		description:
			'@mysten/walrus shape with an explicit WAL coin: split write and storage payments off ' +
			'the WAL coin, reserve_space, destroy_zero, register_blob, destroy_zero, transfer Blob.',
		inputs: [
			{ kind: 'owned', ...ref('wal-coin-ts', 31) },
			{ kind: 'pure', type: 'u64', value: '20000' }, // write cost
			{ kind: 'pure', type: 'u64', value: '550000' }, // storage cost
			{ kind: 'shared', objectId: SYSTEM_ID, initialSharedVersion: SYSTEM_ISV, mutable: true },
			{ kind: 'pure', type: 'u64', value: '66034000' },
			{ kind: 'pure', type: 'u32', value: 3 },
			{ kind: 'pure', type: 'u256', value: u256FromLeBytes(blobId).toString() },
			{ kind: 'pure', type: 'u256', value: u256FromLeBytes(rootHash).toString() },
			{ kind: 'pure', type: 'u64', value: '1048576' },
			{ kind: 'pure', type: 'u8', value: 1 },
			{ kind: 'pure', type: 'bool', value: true },
			{ kind: 'pure', type: 'address', value: SENDER },
		],
		commands: [
			{ kind: 'SplitCoins', coin: { Input: 0 }, amounts: [{ Input: 1 }] },
			{ kind: 'SplitCoins', coin: { Input: 0 }, amounts: [{ Input: 2 }] },
			{
				kind: 'MoveCall',
				package: WALRUS_PKG,
				module: 'system',
				function: 'reserve_space',
				typeArguments: [],
				arguments: [{ Input: 3 }, { Input: 4 }, { Input: 5 }, { NestedResult: [1, 0] }],
			},
			{
				kind: 'MoveCall',
				package: '0x2',
				module: 'coin',
				function: 'destroy_zero',
				typeArguments: [WAL_TYPE],
				arguments: [{ NestedResult: [1, 0] }],
			},
			{
				kind: 'MoveCall',
				package: WALRUS_PKG,
				module: 'system',
				function: 'register_blob',
				typeArguments: [],
				arguments: [
					{ Input: 3 },
					{ Result: 2 },
					{ Input: 6 },
					{ Input: 7 },
					{ Input: 8 },
					{ Input: 9 },
					{ Input: 10 },
					{ NestedResult: [0, 0] },
				],
			},
			{
				kind: 'MoveCall',
				package: '0x2',
				module: 'coin',
				function: 'destroy_zero',
				typeArguments: [WAL_TYPE],
				arguments: [{ NestedResult: [0, 0] }],
			},
			{ kind: 'TransferObjects', objects: [{ Result: 4 }], address: { Input: 11 } },
		],
		gasData: gas('gas-4', 89),
		expiration: { None: true },
	},
	{
		name: 'walrus-certify',
		description:
			'system::certify_blob(&System, &mut Blob, signature, signers_bitmap, message): System ' +
			'shared and immutable (mutable=false), Blob an owned object, three vector<u8> pures.',
		inputs: [
			{ kind: 'shared', objectId: SYSTEM_ID, initialSharedVersion: SYSTEM_ISV, mutable: false },
			{ kind: 'owned', ...ref('blob-object', 1234) },
			{ kind: 'pure', type: 'vector<u8>', value: toHex(fakeAggSig) },
			{ kind: 'pure', type: 'vector<u8>', value: toHex(Uint8Array.from([0xff, 0xfd, 0x03])) },
			{ kind: 'pure', type: 'vector<u8>', value: toHex(certMessage) },
		],
		commands: [
			{
				kind: 'MoveCall',
				package: WALRUS_PKG,
				module: 'system',
				function: 'certify_blob',
				typeArguments: [],
				arguments: [{ Input: 0 }, { Input: 1 }, { Input: 2 }, { Input: 3 }, { Input: 4 }],
			},
		],
		gasData: gas('gas-5', 90),
		expiration: { None: true },
	},
	{
		name: 'walrus-epoch-sync-done',
		description:
			'staking::epoch_sync_done(&mut Staking, &mut StorageNodeCap, epoch u32, &Clock): Staking ' +
			'shared and mutable, the node\'s StorageNodeCap an owned object, the epoch a u32 pure, ' +
			'the Clock 0x6 shared immutably at version 1.',
		inputs: [
			{ kind: 'shared', objectId: objectId('walrus-staking'), initialSharedVersion: '373875', mutable: true },
			{ kind: 'owned', ...ref('storage-node-cap', 77) },
			{ kind: 'pure', type: 'u32', value: 8 },
			{ kind: 'shared', objectId: '0x6', initialSharedVersion: '1', mutable: false },
		],
		commands: [
			{
				kind: 'MoveCall',
				package: WALRUS_PKG,
				module: 'staking',
				function: 'epoch_sync_done',
				typeArguments: [],
				arguments: [{ Input: 0 }, { Input: 1 }, { Input: 2 }, { Input: 3 }],
			},
		],
		gasData: gas('gas-7', 92),
		expiration: { None: true },
	},
	{
		name: 'receiving-typeargs',
		description:
			'Encoding-only (not executable): a Receiving input and nested struct/vector type ' +
			'arguments, to cover ObjectArg::Receiving and TypeTag encoding.',
		inputs: [
			{ kind: 'owned', ...ref('parent', 3) },
			{ kind: 'receiving', ...ref('incoming-coin', 4) },
		],
		commands: [
			{
				kind: 'MoveCall',
				package: '0x' + toHex(bytes32('package:demo')),
				module: 'inbox',
				function: 'accept',
				typeArguments: [
					'0x2::coin::Coin<0x2::sui::SUI>',
					'vector<u8>',
					'u256',
					'0x1::option::Option<vector<0x2::object::ID>>',
				],
				arguments: [{ Input: 0 }, { Input: 1 }],
			},
		],
		gasData: gas('gas-6', 91),
		expiration: { None: true },
	},
];

// ---- spec -> @mysten/sui Transaction ------------------------------------------------------
function addInput(tx, input) {
	switch (input.kind) {
		case 'pure':
			switch (input.type) {
				case 'u8':
					return tx.pure.u8(input.value);
				case 'u32':
					return tx.pure.u32(input.value);
				case 'u64':
					return tx.pure.u64(BigInt(input.value));
				case 'u256':
					return tx.pure.u256(BigInt(input.value));
				case 'bool':
					return tx.pure.bool(input.value);
				case 'address':
					return tx.pure.address(input.value);
				case 'vector<u8>':
					return tx.pure.vector('u8', Array.from(Buffer.from(input.value, 'hex')));
				default:
					throw new Error('unsupported pure type ' + input.type);
			}
		case 'owned':
			return tx.object(
				Inputs.ObjectRef({ objectId: input.objectId, version: input.version, digest: input.digest }),
			);
		case 'shared':
			return tx.object(
				Inputs.SharedObjectRef({
					objectId: input.objectId,
					initialSharedVersion: input.initialSharedVersion,
					mutable: input.mutable,
				}),
			);
		case 'receiving':
			return tx.object(
				Inputs.ReceivingRef({ objectId: input.objectId, version: input.version, digest: input.digest }),
			);
		default:
			throw new Error('unknown input kind ' + input.kind);
	}
}

function buildTransaction(spec) {
	const tx = new Transaction();
	const inputs = spec.inputs.map((input) => addInput(tx, input));
	const results = [];
	const arg = (a) => {
		if (a.GasCoin) return tx.gas;
		if (a.Input !== undefined) return inputs[a.Input];
		if (a.Result !== undefined) return results[a.Result];
		if (a.NestedResult) return results[a.NestedResult[0]][a.NestedResult[1]];
		throw new Error('bad argument ' + JSON.stringify(a));
	};
	for (const c of spec.commands) {
		switch (c.kind) {
			case 'MoveCall':
				results.push(
					tx.moveCall({
						target: `${c.package}::${c.module}::${c.function}`,
						typeArguments: c.typeArguments,
						arguments: c.arguments.map(arg),
					}),
				);
				break;
			case 'SplitCoins':
				results.push(tx.splitCoins(arg(c.coin), c.amounts.map(arg)));
				break;
			case 'MergeCoins':
				results.push(tx.mergeCoins(arg(c.destination), c.sources.map(arg)));
				break;
			case 'TransferObjects':
				results.push(tx.transferObjects(c.objects.map(arg), arg(c.address)));
				break;
			default:
				throw new Error('unknown command ' + c.kind);
		}
	}
	tx.setSender(SENDER);
	tx.setGasOwner(spec.gasData.owner);
	tx.setGasPrice(BigInt(spec.gasData.price));
	tx.setGasBudget(BigInt(spec.gasData.budget));
	tx.setGasPayment(spec.gasData.payment);
	tx.setExpiration(spec.expiration);
	return tx;
}

// ---- independent re-derivations (checks the notes' claims, not just the SDK) --------------
function concat(...parts) {
	const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
	let o = 0;
	for (const p of parts) {
		out.set(p, o);
		o += p.length;
	}
	return out;
}
const fromHexAddr = (a) => Uint8Array.from(Buffer.from(a.slice(2).padStart(64, '0'), 'hex'));
const eqBytes = (a, b) => a.length === b.length && a.every((x, i) => x === b[i]);
function check(cond, what) {
	if (!cond) throw new Error('self-check failed: ' + what);
}

const pk = keypair.getPublicKey();
const pkBytes = pk.toRawBytes();
const manualAddress = '0x' + toHex(blake2b(concat(Uint8Array.of(0x00), pkBytes), { dkLen: 32 }));
check(manualAddress === SENDER, 'address = Blake2b-256(0x00 || pk)');

async function makeVector(spec) {
	const tx = buildTransaction(spec);
	const txBytes = await tx.build(); // no client: must be fully offline
	const digest = await tx.getDigest();

	const digestBytes = blake2b(concat(enc.encode('TransactionData::'), txBytes), { dkLen: 32 });
	check(toBase58(digestBytes) === digest, 'digest = Base58(Blake2b-256("TransactionData::" || bcs))');

	const intentMessage = concat(Uint8Array.of(0, 0, 0), txBytes);
	const signingDigest = blake2b(intentMessage, { dkLen: 32 });
	const { signature } = await keypair.signTransaction(txBytes);
	const sigBytes = fromBase64(signature);
	check(sigBytes.length === 97 && sigBytes[0] === 0x00, 'serialized signature = 0x00 || sig64 || pk32');
	check(eqBytes(sigBytes.slice(65), pkBytes), 'public key at the end of the signature');
	const rawSig = await keypair.sign(signingDigest);
	check(eqBytes(rawSig, sigBytes.slice(1, 65)), 'Ed25519 signs Blake2b-256([0,0,0] || bcs)');
	check(await pk.verifyTransaction(txBytes, signature), 'signature verifies');

	const decoded = bcs.TransactionData.parse(txBytes);
	check(eqBytes(bcs.TransactionData.serialize(decoded).toBytes(), txBytes), 'BCS round trip');

	return {
		name: spec.name,
		description: spec.description,
		spec: { sender: SENDER, ...spec, name: undefined, description: undefined },
		txBytesHex: toHex(txBytes),
		txBytesBase64: toBase64(txBytes),
		txBytesLength: txBytes.length,
		digest,
		digestHex: toHex(digestBytes),
		intentMessageHex: toHex(intentMessage),
		signingDigestHex: toHex(signingDigest),
		signature,
		signatureHex: toHex(sigBytes),
		decoded,
	};
}

// Walrus-specific invariant: BCS(u256 blob_id) equals the raw 32-byte blob id.
check(
	eqBytes(bcs.u256().serialize(u256FromLeBytes(blobId)).toBytes(), blobId),
	'u256 blob id is little-endian',
);

const vectors = [];
for (const spec of specs) vectors.push(await makeVector(spec));

// Dynamic-field object IDs of Walrus's versioned inner state: the System/Staking object keeps its
// inner struct in a dynamic field whose key is the u64 `version` field of the outer object.
// ID = Blake2b-256(0xf0 || parent || u64-LE len(bcs(key)) || bcs(key) || bcs(TypeTag::U64)).
const WALRUS_OUTER_OBJECTS = {
	'mainnet-system': '0x2134d52768ea07e8c43570ef975eb3e4c27a39fa6396bef985b5abc58d03ddd2',
	'mainnet-staking': '0x10b9d30c28448939ce6c4d6c6e0ffce4a7f8a4ada8248bdad09ef8b70e4a3904',
	'testnet-system': '0x6c2547cbbc38025cf3adac45f63cb0a8d12ecf777cdc75a4971612bf97fdf6af',
	'testnet-staking': '0xbe46180321c30aab2f8b3501e24048377287fa708018a5b7c2792b35fe339ee3',
};
const dynamicFieldIds = [];
for (const [label, parent] of Object.entries(WALRUS_OUTER_OBJECTS)) {
	for (const version of [1, 2, 3]) {
		const key = bcs.u64().serialize(version).toBytes();
		const id = deriveDynamicFieldID(parent, 'u64', key);
		const manual =
			'0x' +
			toHex(
				blake2b(
					concat(Uint8Array.of(0xf0), fromHexAddr(parent), bcs.u64().serialize(key.length).toBytes(), key, Uint8Array.of(2)),
					{ dkLen: 32 },
				),
			);
		check(manual === id, 'dynamic field id derivation');
		dynamicFieldIds.push({ parent: label, parentId: parent, keyType: 'u64', key: String(version), fieldId: id });
	}
}

const pkgJson = JSON.parse(
	(await import('node:fs')).readFileSync(
		new URL('./node_modules/@mysten/sui/package.json', import.meta.url),
		'utf8',
	),
);

const output = {
	generator: 'vectors-gen/sui/gen-tx.mjs',
	sdk: `@mysten/sui@${pkgJson.version}`,
	node: process.version,
	key: {
		seedHex: toHex(SEED),
		suiPrivateKey: keypair.getSecretKey(),
		publicKeyHex: toHex(pkBytes),
		publicKeyBase64: toBase64(pkBytes),
		suiPublicKeyBase64: pk.toSuiPublicKey(),
		address: SENDER,
	},
	walrus: {
		blobIdBase64Url: KAT_BLOB_ID,
		blobIdHex: toHex(blobId),
		blobIdU256: u256FromLeBytes(blobId).toString(),
		rootHashHex: toHex(rootHash),
		certMessageHex: toHex(certMessage),
	},
	vectors,
	dynamicFieldIds,
};

const json = JSON.stringify(
	output,
	(_, v) => (typeof v === 'bigint' ? v.toString() : v),
	2,
);
const outIdx = process.argv.indexOf('--out');
if (outIdx > 0 && process.argv[outIdx + 1]) {
	writeFileSync(process.argv[outIdx + 1], json + '\n');
}
console.log(json);
