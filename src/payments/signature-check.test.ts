import { afterAll, describe, expect, test } from 'vitest';
import { bytesToHex, generateSm2KeyPair, sm2Sign } from '../crypto/index.ts';
import {
  inlineSignatureChecker,
  SIGNATURE_QUEUE_ITEMS_MAX,
  SignatureCheckPool,
  type SignatureItem,
} from './signature-check.ts';

const a = generateSm2KeyPair();
const b = generateSm2KeyPair();
const message = (i: number) => new TextEncoder().encode(`TBV1\nvoucher ${i}`);

/** Valid, signed by the other key, over other bytes, malformed hex and truncated DER, mixed in order. */
function items(n: number): { items: SignatureItem[]; expected: boolean[] } {
  const out: SignatureItem[] = [];
  const expected: boolean[] = [];
  for (let i = 0; i < n; i += 1) {
    const good = bytesToHex(sm2Sign(a.privateKey, message(i)));
    const variants: Array<[SignatureItem, boolean]> = [
      [{ public_key: a.publicKey.toHex(), bytes: message(i), signature: good }, true],
      [{ public_key: b.publicKey.toHex(), bytes: message(i), signature: good }, false],
      [{ public_key: a.publicKey.toHex(), bytes: message(i + 1), signature: good }, false],
      [{ public_key: a.publicKey.toHex(), bytes: message(i), signature: 'zz' }, false],
      [{ public_key: a.publicKey.toHex(), bytes: message(i), signature: good.slice(0, 40) }, false],
    ];
    const [item, ok] = variants[i % variants.length]!;
    out.push(item);
    expected.push(ok);
  }
  return { items: out, expected };
}

describe('signature checks on a worker pool', () => {
  const pool = new SignatureCheckPool(2);
  afterAll(() => pool.close());

  test('answer exactly what checking in the thread answers, one per item in order', async () => {
    const { items: list, expected } = items(23);
    expect(await inlineSignatureChecker().check(list)).toEqual(expected);
    expect(await pool.check(list)).toEqual(expected);
    expect(await pool.check(list.slice(0, 1))).toEqual(expected.slice(0, 1));
    expect(await pool.check([])).toEqual([]);
    // Concurrent uploads are answered each with its own results.
    const [x, y] = await Promise.all([pool.check(list.slice(0, 7)), pool.check(list.slice(7))]);
    expect([...x, ...y]).toEqual(expected);
  });

  test('refuse more than the queue holds as queue_full, without checking any', async () => {
    const { items: list } = items(1);
    const many = Array.from({ length: SIGNATURE_QUEUE_ITEMS_MAX + 1 }, () => list[0]!);
    await expect(pool.check(many)).rejects.toMatchObject({ code: 'queue_full' });
    expect(await pool.check(list)).toEqual([true]);
  });

  test('a closed pool refuses, and its size is bounded', async () => {
    const closed = new SignatureCheckPool(1);
    await closed.close();
    await expect(closed.check(items(1).items)).rejects.toThrow(/closed/);
    expect(() => new SignatureCheckPool(0)).toThrow(RangeError);
    expect(() => new SignatureCheckPool(99)).toThrow(RangeError);
  });
});
