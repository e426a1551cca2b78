import type { Engine } from '../../engine/index.ts';
import type { Command } from '../../ledger/index.ts';
import { readHolder, type Security, textCommitment } from '../../security/index.ts';
import type { AuditedCommit } from '../store/audited-commit.ts';
import type { HolderNames, WalletActions } from './screening-service.ts';

/** How automated screening is named in the audit log. */
export const SCREENING_ACTOR = 'system:screening';

/**
 * Holder names for screening, opened from the security layer's sealed holder records. Reading
 * personal data is a privileged read whoever does it, so every read is in the audit log: one entry per
 * opened wallet, one per rescreened page (naming the range of wallets it covered).
 */
export function holderNamesFrom(security: Security): HolderNames {
  const { db, keyring, recorder } = security;
  return {
    async nameOf(num, walletId) {
      const row = await db.selectFrom('holders').select(['sealed']).where('num', '=', num).executeTakeFirst();
      if (row === undefined) return undefined;
      if (row.sealed === null) return null;
      await recorder.record({
        actor: SCREENING_ACTOR,
        action: 'holder.screen',
        subject: `wallet:${walletId}`,
        details: { reason: 'watch-list screening at opening' },
      });
      return (await readHolder(db, keyring, num)).holder.name ?? null;
    },
    async page(after, limit) {
      const rows = await db
        .selectFrom('holders')
        .select(['num', 'wallet_id', 'sealed'])
        .where('num', '>', after)
        .orderBy('num')
        .limit(limit)
        .execute();
      if (rows.length === 0) return [];
      await recorder.record({
        actor: SCREENING_ACTOR,
        action: 'holder.screen_page',
        subject: `wallets:${rows[0]!.wallet_id}..${rows[rows.length - 1]!.wallet_id}`,
        details: { reason: 'watch-list rescreen', count: rows.length },
      });
      const out = [];
      for (const r of rows) {
        const name =
          r.sealed === null ? null : ((await readHolder(db, keyring, Number(r.num))).holder.name ?? null);
        out.push({ num: Number(r.num), wallet_id: r.wallet_id, name });
      }
      return out;
    },
  };
}

/** Freezes and unfreezes through the engine's commands, each logged before and after as the API does. */
export function auditedActions(security: Security, engine: Engine): WalletActions {
  const run = (command: Command) => async () => {
    const [result] = await engine.submit([command]);
    if (result !== undefined && !result.ok) throw result.error;
  };
  return {
    freeze: (wallet_id, reason, reference) =>
      security.act(
        SCREENING_ACTOR,
        'wallet.freeze',
        `wallet:${wallet_id}`,
        { mode: 'all', reason_sm3: textCommitment(reason), reference_sm3: textCommitment(reference) },
        run({ type: 'freeze', wallet_id, mode: 'all', reason, reference }),
        () => ({}),
      ),
    unfreeze: (wallet_id, reason, actor) =>
      security.act(
        actor,
        'wallet.unfreeze',
        `wallet:${wallet_id}`,
        { reason_sm3: textCommitment(reason) },
        run({ type: 'unfreeze', wallet_id, reason }),
        () => ({}),
      ),
  };
}

/** A supervision change committed in the same transaction as its audit-log entry. */
export function auditedCommit(security: Security): AuditedCommit {
  return async (writes, audit) => {
    await security.recorder.record(
      { actor: audit.actor, action: audit.action, subject: audit.subject, details: { ...audit.details } },
      () => writes,
    );
  };
}
