import { concatBytes } from './bytes.ts';
import { CryptoError } from './errors.ts';

/**
 * The little DER that SM2 keys and signatures need: definite lengths in minimal form, no indefinite
 * forms, no trailing bytes. Anything else is refused rather than guessed at.
 */
export const DER_TAG = {
  integer: 0x02,
  bit_string: 0x03,
  octet_string: 0x04,
  oid: 0x06,
  sequence: 0x30,
  context0: 0xa0,
  context1: 0xa1,
} as const;

/** No structure we parse comes near this; it bounds work on hostile input. */
export const MAX_DER_BYTES = 8 * 1024;

export interface DerNode {
  readonly tag: number;
  readonly value: Uint8Array;
}

function fail(message: string): never {
  throw new CryptoError('crypto_input_invalid', `DER: ${message}`);
}

/** Reads consecutive TLVs filling `bytes` exactly. */
export function readDerSequence(bytes: Uint8Array): DerNode[] {
  if (bytes.byteLength > MAX_DER_BYTES) fail('input too large');
  const nodes: DerNode[] = [];
  let offset = 0;
  while (offset < bytes.byteLength) {
    const tag = bytes[offset]!;
    if ((tag & 0x1f) === 0x1f) fail('multi-byte tags are not supported');
    offset += 1;
    if (offset >= bytes.byteLength) fail('missing length');
    const first = bytes[offset]!;
    offset += 1;
    let length: number;
    if (first < 0x80) {
      length = first;
    } else {
      const count = first & 0x7f;
      if (count === 0) fail('indefinite length');
      if (count > 2) fail('length too large');
      if (offset + count > bytes.byteLength) fail('truncated length');
      length = 0;
      for (let i = 0; i < count; i++) length = length * 256 + bytes[offset + i]!;
      if (bytes[offset] === 0) fail('non-minimal length');
      if (length < 0x80) fail('non-minimal length');
      offset += count;
    }
    if (offset + length > bytes.byteLength) fail('truncated value');
    nodes.push({ tag, value: bytes.subarray(offset, offset + length) });
    offset += length;
  }
  return nodes;
}

/** Reads exactly one TLV with the expected tag. */
export function readDerOne(bytes: Uint8Array, tag: number): Uint8Array {
  const nodes = readDerSequence(bytes);
  if (nodes.length !== 1) fail(`expected one element, found ${nodes.length}`);
  const node = nodes[0]!;
  if (node.tag !== tag) fail(`expected tag 0x${tag.toString(16)}, found 0x${node.tag.toString(16)}`);
  return node.value;
}

export function expectTag(node: DerNode | undefined, tag: number): Uint8Array {
  if (node === undefined) fail('missing element');
  if (node.tag !== tag) fail(`expected tag 0x${tag.toString(16)}, found 0x${node.tag.toString(16)}`);
  return node.value;
}

/** A non-negative INTEGER in minimal two's complement form. */
export function parseDerUnsigned(value: Uint8Array): bigint {
  if (value.byteLength === 0) fail('empty integer');
  if (value[0]! & 0x80) fail('negative integer');
  if (value.byteLength > 1 && value[0] === 0 && !(value[1]! & 0x80)) fail('non-minimal integer');
  let result = 0n;
  for (const byte of value) result = (result << 8n) | BigInt(byte);
  return result;
}

export function encodeDer(tag: number, value: Uint8Array): Uint8Array {
  const length = value.byteLength;
  let header: Uint8Array;
  if (length < 0x80) header = Uint8Array.of(tag, length);
  else if (length < 0x100) header = Uint8Array.of(tag, 0x81, length);
  else if (length < 0x10000) header = Uint8Array.of(tag, 0x82, length >> 8, length & 0xff);
  else fail('value too large');
  return concatBytes(header, value);
}

export function encodeDerUnsigned(value: bigint): Uint8Array {
  if (value < 0n) fail('negative integer');
  let hex = value.toString(16);
  if (hex.length % 2 === 1) hex = `0${hex}`;
  let bytes: Uint8Array = new Uint8Array(Buffer.from(hex, 'hex'));
  if (bytes[0]! & 0x80) bytes = concatBytes(Uint8Array.of(0), bytes);
  return encodeDer(DER_TAG.integer, bytes);
}

export function encodeDerSequence(...items: readonly Uint8Array[]): Uint8Array {
  return encodeDer(DER_TAG.sequence, concatBytes(...items));
}
