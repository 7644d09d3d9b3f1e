/**
 * Byte helpers shared by the crypto and key modules. Internal: not re-exported from the SDK's index.
 *
 * @module
 */

/**
 * Concatenates byte arrays into a new one.
 *
 * @example
 * ```ts
 * concatBytes(new Uint8Array([1]), new Uint8Array([2, 3])); // Uint8Array [1, 2, 3]
 * ```
 */
export function concatBytes(...parts: readonly Uint8Array[]): Uint8Array {
  let length = 0;
  for (const part of parts) length += part.length;
  const out = new Uint8Array(length);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/**
 * Compares two byte arrays in time that depends only on their lengths, not on where they differ. Use it for MAC
 * tags and anything else an attacker could probe byte by byte.
 *
 * @example
 * ```ts
 * equalBytes(tag, expectedTag); // true or false
 * ```
 */
export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let i = 0; i < a.length; i++) difference |= a[i]! ^ b[i]!;
  return difference === 0;
}

/**
 * Whether `value` is a `Uint8Array` of exactly `length` bytes.
 *
 * @example
 * ```ts
 * isBytes(new Uint8Array(32), 32); // true
 * ```
 */
export function isBytes(value: unknown, length?: number): value is Uint8Array {
  return value instanceof Uint8Array && (length === undefined || value.length === length);
}

/**
 * UTF-8 bytes of a string.
 *
 * @example
 * ```ts
 * utf8("idem"); // Uint8Array [105, 100, 101, 109]
 * ```
 */
export function utf8(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

/**
 * Lower-case hex of bytes, `0x`-prefixed. Only for public values (public keys, addresses).
 *
 * @example
 * ```ts
 * toHex(new Uint8Array([0xab, 0x01])); // "0xab01"
 * ```
 */
export function toHex(bytes: Uint8Array): `0x${string}` {
  let hex = "";
  for (const byte of bytes) hex += byte.toString(16).padStart(2, "0");
  return `0x${hex}`;
}

/**
 * Bytes of a `0x`-prefixed hex string of exactly `length` bytes, or `undefined` if it is not one.
 *
 * @example
 * ```ts
 * fromHex("0xab01", 2); // Uint8Array [0xab, 0x01]
 * ```
 */
export function fromHex(hex: string, length: number): Uint8Array | undefined {
  if (!/^0x[0-9a-fA-F]*$/.test(hex) || hex.length !== 2 + 2 * length) return undefined;
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) out[i] = Number.parseInt(hex.slice(2 + 2 * i, 4 + 2 * i), 16);
  return out;
}

/**
 * 8-byte big-endian encoding of an unsigned 64-bit integer.
 *
 * @example
 * ```ts
 * u64(1n); // Uint8Array [0, 0, 0, 0, 0, 0, 0, 1]
 * ```
 */
export function u64(value: bigint): Uint8Array {
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigUint64(0, value);
  return out;
}

/**
 * 4-byte big-endian encoding of an unsigned 32-bit integer.
 *
 * @example
 * ```ts
 * u32(1); // Uint8Array [0, 0, 0, 1]
 * ```
 */
export function u32(value: number): Uint8Array {
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, value);
  return out;
}
