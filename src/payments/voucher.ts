import {
  bytesToHex,
  hexToBytes,
  type Sm2PrivateKey,
  Sm2PublicKey,
  sm2Sign,
  sm2Verify,
  sm3,
} from '../crypto/index.ts';
import { voucherId } from '../ledger/index.ts';

/**
 * The bytes a hard wallet signs. A voucher is what the paying device hands the receiving device when
 * both are offline; a statement is what a device says about itself when it is online (its counter,
 * for a load, an unload or a sync). Both are plain text lines with amounts in fen, so any SM2
 * implementation (a secure element, OpenSSL, this code) produces and checks the same bytes.
 *
 *   TBV1 \n payer \n payee \n amount \n counter \n balance_after \n currency
 *   TBS1 \n device \n purpose \n counter \n amount \n request id
 */
export interface Voucher {
  readonly payer_device: string;
  readonly payee_device: string;
  /** fen */
  readonly amount: number;
  readonly counter: number;
  /** What the payer device holds after paying (fen). */
  readonly balance_after: number;
  readonly currency: string;
}

export interface SignedVoucher extends Voucher {
  /** DER SM2 signature, hex. */
  readonly signature: string;
}

export type StatementPurpose = 'load' | 'unload' | 'sync';

export interface Statement {
  readonly device: string;
  readonly purpose: StatementPurpose;
  readonly counter: number;
  readonly amount: number;
  readonly request_id: string;
}

export function voucherBytes(v: Voucher): Uint8Array {
  return new TextEncoder().encode(
    `TBV1\n${v.payer_device}\n${v.payee_device}\n${v.amount}\n${v.counter}\n${v.balance_after}\n${v.currency}`,
  );
}

export function statementBytes(s: Statement): Uint8Array {
  return new TextEncoder().encode(
    `TBS1\n${s.device}\n${s.purpose}\n${s.counter}\n${s.amount}\n${s.request_id}`,
  );
}

/** SM3 of the signed bytes, 32 hex digits: a voucher's identity (its content, whatever signature it carries). */
export function voucherDigest(v: Voucher): string {
  return bytesToHex(sm3(voucherBytes(v))).slice(0, 32);
}

export function signVoucher(key: Sm2PrivateKey, v: Voucher): SignedVoucher {
  return { ...v, signature: bytesToHex(sm2Sign(key, voucherBytes(v))) };
}

export function signStatement(key: Sm2PrivateKey, s: Statement): string {
  return bytesToHex(sm2Sign(key, statementBytes(s)));
}

/** Checks an SM2 signature given in hex; malformed hex or DER is simply not valid. */
export function verifyHex(key: Sm2PublicKey, bytes: Uint8Array, signatureHex: string): boolean {
  if (!/^[0-9a-fA-F]{16,160}$/.test(signatureHex) || signatureHex.length % 2 !== 0) return false;
  return sm2Verify(key, bytes, hexToBytes(signatureHex.toLowerCase()));
}

export { voucherId };

/**
 * Public keys parsed once per device. A key object precomputes its multiples after a few verifications
 * (about 0.65 MB each, then each check is about 3x faster), so the cache is kept small: a device's
 * upload of up to 512 vouchers reuses its key, and 256 keys cost at most about 170 MB.
 */
export const KEY_CACHE_MAX = 256;

export class KeyCache {
  private readonly keys = new Map<string, Sm2PublicKey>();

  get(hex: string): Sm2PublicKey {
    let key = this.keys.get(hex);
    if (key === undefined) {
      key = Sm2PublicKey.fromHex(hex);
      if (this.keys.size >= KEY_CACHE_MAX) this.keys.delete(this.keys.keys().next().value!);
      this.keys.set(hex, key);
    } else {
      // Most recently used last, so the oldest is evicted first.
      this.keys.delete(hex);
      this.keys.set(hex, key);
    }
    return key;
  }
}
