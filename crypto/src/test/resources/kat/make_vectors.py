#!/usr/bin/env python3
"""Known-answer vectors for the walrus-stream encrypted blob format, version 1 (docs/encryption.md).

An independent implementation of the format with the Python `cryptography` package (AES-GCM,
RFC 3394 AES key wrap), so the Java implementation is checked against code it shares nothing with.
Run:  python3 make_vectors.py > vectors.json   (needs `pip install cryptography`).
"""
import hashlib
import json
import struct

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.keywrap import aes_key_wrap

MAGIC = b"WSE1"
TAG = 16


def fingerprint(kek: bytes) -> str:
    return "kek-" + hashlib.sha256(b"walrus-stream/kek-id/v1" + kek).digest()[:8].hex()


def header(key_id: str, wrapped: bytes, log2: int, prefix: bytes, wrap_alg: int = 1) -> bytes:
    kid = key_id.encode("utf-8")
    return (MAGIC + bytes([1, 1, wrap_alg, log2]) + prefix + struct.pack(">H", len(kid)) + kid
            + struct.pack(">H", len(wrapped)) + wrapped)


def envelope(kek: bytes, dek: bytes, prefix: bytes, log2: int, plaintext: bytes) -> bytes:
    wrapped = aes_key_wrap(kek, dek)
    h = header(fingerprint(kek), wrapped, log2, prefix)
    aad = hashlib.sha256(h).digest()
    size = 1 << log2
    n = max(1, -(-len(plaintext) // size))
    gcm = AESGCM(dek)
    out = bytearray(h)
    for i in range(n):
        last = i == n - 1
        nonce = prefix + struct.pack(">I", i) + bytes([1 if last else 0])
        out += gcm.encrypt(nonce, plaintext[i * size:(i + 1) * size], aad)
    return bytes(out)


def pattern(n: int) -> bytes:
    return bytes((i * 7 + 3) % 251 for i in range(n))


def main():
    kek = bytes(range(32))
    dek = bytes(range(0x20, 0x40))
    prefix = bytes.fromhex("a0a1a2a3a4a5a6")
    cases = [
        ("empty", 10, b""),
        ("one byte", 10, b"\x42"),
        ("hello", 16, b"hello walrus stream"),
        ("exactly one chunk", 10, pattern(1024)),
        ("three chunks, last partial", 10, pattern(2500)),
        ("two full chunks", 10, pattern(2048)),
    ]
    vectors = []
    for name, log2, pt in cases:
        vectors.append({
            "name": name,
            "kek": kek.hex(),
            "keyId": fingerprint(kek),
            "dataKey": dek.hex(),
            "wrappedKey": aes_key_wrap(kek, dek).hex(),
            "noncePrefix": prefix.hex(),
            "chunkSizeLog2": log2,
            "plaintext": pt.hex(),
            "envelope": envelope(kek, dek, prefix, log2, pt).hex(),
        })
    print(json.dumps({"format": "walrus-stream encrypted blob v1", "generator": "make_vectors.py (Python cryptography)",
                      "vectors": vectors}, indent=1))


if __name__ == "__main__":
    main()
