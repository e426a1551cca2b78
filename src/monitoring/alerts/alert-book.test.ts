import { describe, expect, it } from 'vitest';
import type { AlertTransfer } from './alert.ts';
import { AlertBook, type Detection } from './alert-book.ts';

const DAY = 86_400_000;
const limits = { max_open_alerts: 3, max_transfers_per_alert: 4, max_keys_per_alert: 8 };

function tx(n: number): AlertTransfer {
  return { id: `t${n}`, seq: n, ts_ms: n * 1000, from: `p${n}`, to: 'hub', amount_fen: 100 };
}

function det(focal: string, transfers: number[], over: Partial<Detection> = {}): Detection {
  return {
    kind: 'suspicious',
    typology: 'fan_in',
    focal,
    score: 1,
    threshold: 1,
    reasons: [{ rule_id: 'r1', rule_version: 1, rule_type: 'fan', weight: 1, crossed: [] }],
    transfers: transfers.map(tx),
    keys: [],
    truncated: false,
    trigger_seq: Math.max(...transfers),
    ...over,
  };
}

function book(): AlertBook {
  const b = new AlertBook(limits, { id: 'rs', version: 1 }, DAY, 0);
  b.advance(0);
  return b;
}

describe('AlertBook', () => {
  it('emits a revision only when something new is learnt', () => {
    const b = book();
    expect(b.upsert(det('hub', [1, 2]))?.revision).toBe(1);
    expect(b.upsert(det('hub', [1, 2]))).toBeNull();
    expect(b.upsert(det('hub', [2, 3]))?.transfers.map((t) => t.id)).toEqual(['t1', 't2', 't3']);
    const r2 = { rule_id: 'r2', rule_version: 4, rule_type: 'velocity', weight: 1, crossed: [] };
    expect(b.upsert(det('hub', [3], { reasons: [r2] }))?.revision).toBe(3);
  });

  it('caps transfers, flags truncation and then re-emits only on a whole threshold of score', () => {
    const b = book();
    b.upsert(det('hub', [1, 2, 3]));
    const full = b.upsert(det('hub', [4, 5]))!;
    expect(full.transfers).toHaveLength(4);
    expect(full.transfers_truncated).toBe(true);
    expect(b.saturated('fan_in', 'hub', ['r1'])).toBe(true);
    expect(b.saturated('fan_in', 'hub', ['r1', 'r9'])).toBe(false);
    expect(b.upsert(det('hub', [6], { score: 1.5 }))).toBeNull();
    expect(b.upsert(det('hub', [7], { score: 2 }))?.score).toBe(2);
  });

  it('merges by key wallet and closes everything when the period ends', () => {
    const b = book();
    const first = b.upsert(det('a', [1], { keys: ['k'] }))!;
    expect(b.upsert(det('b', [2], { keys: ['k'] }))!.id).toBe(first.id);
    b.advance(DAY);
    expect(b.openCount).toBe(0);
    expect(b.upsert(det('a', [1], { keys: ['k'] }))!.id).not.toBe(first.id);
  });

  it('keeps at most max_open_alerts, closing the least recently updated', () => {
    const b = book();
    const a = b.upsert(det('a', [1]))!;
    b.upsert(det('b', [2]));
    b.upsert(det('c', [3]));
    b.upsert(det('a', [4]));
    b.upsert(det('d', [5]));
    expect(b.openCount).toBe(3);
    expect(b.closedByLimit).toBe(1);
    expect(b.upsert(det('a', [6]))!.id).toBe(a.id);
    expect(b.upsert(det('b', [7]))!.revision).toBe(1);
  });
});
