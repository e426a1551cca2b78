import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type ApiFixture, type Json, openApiFixture } from '../../test/support/api-fixture.ts';
import { STORE_KINDS, testStore } from '../../test/support/stores.ts';
import {
  consistencyProofFromJson,
  inclusionProofFromJson,
  leafHash,
  openCheckpoint,
  verifyConsistency,
  verifyInclusion,
} from '../audit/index.ts';
import { generateSm2KeyPair, sm2PublicKeyFromPem } from '../crypto/index.ts';
import { type Receipt, verifyReceipt } from '../security/index.ts';

type Entry = {
  index: number;
  actor: string;
  action: string;
  subject: string;
  details: Json;
  canonical: string;
};

describe.each(STORE_KINDS)('the audit log through the API on %s', (kind) => {
  let f: ApiFixture;
  const entries = async (): Promise<Entry[]> => {
    const out: Entry[] = [];
    for (let start = 0; ; ) {
      const page = (await f.call(f.keys.auditor, 'GET', `/v1/audit/entries?start=${start}&limit=1000`)).body
        .items as Entry[];
      out.push(...page);
      if (page.length < 1000) return out;
      start += 1000;
    }
  };
  const logged = async () => {
    for (;;) {
      const s = (await f.call(f.keys.auditor, 'GET', '/v1/audit/status')).body;
      if (s.journal_logged_seq === s.journal_committed_seq) return s;
      await new Promise((r) => setTimeout(r, 20));
    }
  };

  beforeAll(async () => {
    f = await openApiFixture(await testStore(kind), { checkpoint_every_entries: 1 });
  });
  afterAll(async () => f?.close());

  test('admin actions are logged before and after, with the actor; refusals too', async () => {
    const { keys, wallets, call } = f;
    await call(keys.supervisor, 'POST', `/v1/wallets/${wallets.frosty}/freeze`, {
      mode: 'all',
      reason: '(2026)沪01执7号 张某',
    });
    await call(keys.operator, 'POST', `/v1/wallets/${wallets.frosty}/unfreeze`, { reason: 'lifted' });
    await call(keys.operator, 'POST', `/v1/wallets/${wallets.frosty}/unfreeze`, { reason: 'again' });
    const all = await entries();
    const freeze = all.filter((e) => e.subject === `wallet:${wallets.frosty}`);
    expect(freeze.map((e) => `${e.action} ${e.details.phase}`)).toEqual([
      'wallet.open done',
      'wallet.freeze requested',
      'wallet.freeze done',
      'wallet.unfreeze requested',
      'wallet.unfreeze done',
      'wallet.unfreeze requested',
      'wallet.unfreeze refused',
    ]);
    expect(freeze[1]!.actor).toMatch(/^key:k[0-9a-f]{16}:supervisor$/);
    expect(freeze[3]!.actor).toMatch(/^key:k[0-9a-f]{16}:operator:icbc$/);
    expect(freeze[6]!.details.code).toBe('wallet_not_frozen');
    // free text is committed to by its hash, never copied into the log
    expect(JSON.stringify(all)).not.toContain('张某');
    expect(freeze[1]!.details.reason_sm3).toMatch(/^[0-9a-f]{64}$/);
    // and the freeze history shows it
    const history = (await call(keys.supervisor, 'GET', `/v1/wallets/${wallets.frosty}/freezes`)).body
      .items as Json[];
    expect(history.map((h) => [h.type, h.mode ?? null])).toEqual([
      ['unfrozen', null],
      ['frozen', 'all'],
    ]);
  });

  test('privileged reads are logged; an operator reading its own customer is not, personal data always is', async () => {
    const { keys, wallets, call } = f;
    const before = (await entries()).length;
    await call(keys.operator, 'GET', `/v1/wallets/${wallets.alice}`);
    await call(keys.holder, 'GET', `/v1/wallets/${wallets.alice}/transfers`);
    expect((await entries()).length).toBe(before);
    await call(keys.supervisor, 'GET', `/v1/wallets/${wallets.alice}`);
    await call(keys.auditor, 'GET', `/v1/wallets/${wallets.alice}/transfers`);
    const holder = await call(keys.operator, 'GET', `/v1/wallets/${wallets.alice}/holder`);
    expect(holder.body.holder).toMatchObject({ name: '陈静' });
    const added = (await entries()).slice(before);
    expect(added.map((e) => `${e.action} ${e.subject} ${e.actor.split(':')[2]}`)).toEqual([
      `wallet.read wallet:${wallets.alice} supervisor`,
      `wallet.history_read wallet:${wallets.alice} auditor`,
      `holder.read wallet:${wallets.alice} operator`,
    ]);
    expect(JSON.stringify(added)).not.toContain('陈静');
  });

  test('every journal row is under a logged batch root, and a receipt proves a transfer to the signed log', async () => {
    const { keys, wallets, call } = f;
    for (let i = 0; i < 5; i += 1)
      await call(keys.holder, 'POST', '/v1/transfers', {
        id: `r-${i}`,
        from: wallets.alice,
        to: wallets.shop,
        amount: '1.00',
      });
    await call(keys.merchant, 'POST', '/v1/transfers/batch', {
      transfers: Array.from({ length: 50 }, (_, i) => ({
        id: `rb-${i}`,
        from: wallets.shop,
        to: wallets.alice,
        amount: '0.10',
      })),
    });
    const status = await logged();
    const batches = (await entries()).filter((e) => e.action === 'journal.batch');
    let next = 1;
    for (const b of batches) {
      expect(b.details.first_seq).toBe(next);
      next = (b.details.last_seq as number) + 1;
    }
    expect(next - 1).toBe(status.journal_committed_seq);
    const pem = (await call(null, 'GET', '/v1/audit/public-key')).body.pem as string;
    const key = sm2PublicKeyFromPem(pem);
    for (const id of ['r-3', 'rb-49', 'iss-boc']) {
      const who = id === 'iss-boc' ? keys.central_bank : keys.holder;
      const receipt = (await call(who, 'GET', `/v1/transfers/${id}/receipt`)).body as unknown as Receipt;
      expect(receipt.status, id).toBe('complete');
      expect(verifyReceipt(receipt, key)).toEqual({ ok: true, problems: [] });
      expect(receipt.row_fields?.id).toBe(id);
      const forged = Buffer.from(receipt.row!, 'base64');
      forged[20] = (forged[20]! + 1) % 256;
      expect(verifyReceipt({ ...receipt, row: forged.toString('base64') }, key).ok).toBe(false);
      expect(verifyReceipt(receipt, generateSm2KeyPair().publicKey).ok).toBe(false);
    }
  });

  test('checkpoints verify with the published key; inclusion and consistency proofs check out', async () => {
    const { keys, call } = f;
    const key = sm2PublicKeyFromPem((await call(null, 'GET', '/v1/audit/public-key')).body.pem as string);
    const checkpoints = (await call(keys.holder, 'GET', '/v1/audit/checkpoints?limit=1000')).body
      .items as Json[];
    expect(checkpoints.length).toBeGreaterThan(3);
    const latest = (await call(keys.holder, 'GET', '/v1/audit/checkpoints/latest')).body;
    const opened = openCheckpoint(latest.note as string, key);
    if (!opened.ok) throw new Error(opened.message);
    const all = await entries();
    for (const index of [0, 7, opened.checkpoint.tree_size - 1]) {
      const proof = inclusionProofFromJson(
        (await call(keys.holder, 'GET', `/v1/audit/entries/${index}/proof`)).body,
      );
      const leaf = leafHash(Buffer.from(all[index]!.canonical, 'utf8'));
      expect(verifyInclusion(index, proof.tree_size, leaf, proof.path, opened.checkpoint.root_hash)).toBe(
        true,
      );
    }
    const early = openCheckpoint(checkpoints[2]!.note as string, key);
    if (!early.ok) throw new Error(early.message);
    const c = (
      await call(
        keys.holder,
        'GET',
        `/v1/audit/consistency?first=${early.checkpoint.tree_size}&second=${opened.checkpoint.tree_size}`,
      )
    ).body;
    const proof = consistencyProofFromJson(c);
    expect(
      verifyConsistency(
        proof.first_size,
        proof.second_size,
        early.checkpoint.root_hash,
        opened.checkpoint.root_hash,
        proof.path,
      ),
    ).toBe(true);
    expect(
      (await call(keys.holder, 'GET', `/v1/audit/entries/${opened.checkpoint.tree_size + 1000}/proof`)).body
        .code,
    ).toBe('audit_index_out_of_range');
    expect((await call(keys.holder, 'GET', '/v1/audit/consistency?first=5&second=999999')).body.code).toBe(
      'audit_tree_size_invalid',
    );
  });
});
