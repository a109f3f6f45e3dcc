/**
 * Small shared values and their text forms, used across modules: {@link dev.walrusstream.codec.text.ByteSize}
 * (sizes with binary units) and {@link dev.walrusstream.codec.text.Base58} (Sui digests).
 */
package dev.walrusstream.codec.text;
