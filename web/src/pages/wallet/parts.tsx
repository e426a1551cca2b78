import type { Transfer, Wallet } from '../../api/types.ts';
import { usePrefs } from '../../app/prefs.tsx';
import { navigate } from '../../app/router.tsx';
import { useMe } from '../../app/session.tsx';
import { Status } from '../../components/common.tsx';
import { money, time, walletId } from '../../format/index.ts';
import { useT } from '../../i18n/index.ts';
import { WALLET } from './i18n.ts';
import { walletHref } from './use-wallet.ts';

const fen = (s: string | null) => (s === null ? 0 : Number(s));

/** One limit: what it is, how much is used (a bar and words), what is left. */
function LimitRow({
  label,
  limit,
  used,
  left,
}: {
  label: string;
  limit: string | null;
  used: string;
  left: string | null;
}) {
  const t = useT(WALLET);
  return (
    <div className="limit">
      <div className="spread">
        <span className="limit-label">{label}</span>
        <span>{limit === null ? t('no_limit') : money(limit)}</span>
      </div>
      {limit === null ? null : (
        <>
          <progress max={fen(limit)} value={Math.min(fen(used), fen(limit))} aria-label={label} />
          <p className="muted small">
            {t('used_of', { used: money(used), limit: money(limit) })}
            {left === null ? '' : ` · ${left}`}
          </p>
        </>
      )}
    </div>
  );
}

/** Limits of the wallet's category and how much of each is used: today, this year, the balance cap. */
export function Limits({ wallet }: { wallet: Wallet }) {
  const t = useT(WALLET);
  const w = wallet;
  return (
    <section className="card stack" aria-labelledby="limits-h" data-testid="limits">
      <h2 id="limits-h">{t('limits')}</h2>
      <div className="spread">
        <span className="limit-label">{t('limit_single')}</span>
        <span>{w.limits.single_payment === null ? t('no_limit') : money(w.limits.single_payment)}</span>
      </div>
      <LimitRow
        label={t('limit_daily')}
        limit={w.limits.daily_total}
        used={w.used.today}
        left={w.remaining.today === null ? null : t('left_today', { amount: money(w.remaining.today) })}
      />
      <LimitRow
        label={t('limit_annual')}
        limit={w.limits.annual_total}
        used={w.used.this_year}
        left={
          w.remaining.this_year === null ? null : t('left_year', { amount: money(w.remaining.this_year) })
        }
      />
      <LimitRow
        label={t('limit_cap')}
        limit={w.limits.balance_cap}
        used={w.balance}
        left={
          w.remaining.balance_room === null ? null : t('room', { amount: money(w.remaining.balance_room) })
        }
      />
    </section>
  );
}

/** Who the wallet is and whether it may pay, in words. */
export function WalletFacts({ wallet }: { wallet: Wallet }) {
  const t = useT(WALLET);
  const w = wallet;
  return (
    <p className="row">
      <span>
        {t('wallet_id')} <span className="mono">{walletId(w.id)}</span>
      </span>
      <span>
        {t(`kind_${w.kind}` as const)}
        {w.category === null ? '' : ` · ${t('category', { category: w.category })}`}
      </span>
      <Status ok={w.status === 'active'}>{t(`status_${w.status}` as const)}</Status>
    </p>
  );
}

/** A wallet's payments: in or out in words and sign, the other party, amount, time. */
export function TransferList({ items, wallet }: { items: readonly Transfer[]; wallet: string }) {
  const t = useT(WALLET);
  const { lang } = usePrefs();
  if (items.length === 0) return <p className="muted">{t('none_yet')}</p>;
  return (
    <ul className="transfers">
      {items.map((x) => {
        const out = x.from === wallet;
        const other = out ? x.to : x.from;
        return (
          <li key={x.seq} className="transfer">
            <div className="spread">
              <span className={out ? 'dir dir-out' : 'dir dir-in'}>
                <span aria-hidden="true">{out ? '↑ ' : '↓ '}</span>
                {out ? t('out') : t('in')}
              </span>
              <span className="amount">
                {out ? '−' : '+'}
                {money(x.amount, x.currency)}
              </span>
            </div>
            <div className="muted small spread">
              <span>
                {x.kind === 'exchange_in' || x.kind === 'exchange_out'
                  ? t(x.kind)
                  : t(out ? 'to' : 'from', { who: walletId(other) })}
              </span>
              <span>{time(x.created_at, lang)}</span>
            </div>
            {x.memo === undefined ? null : <div className="muted small">{`${t('memo')}: ${x.memo}`}</div>}
          </li>
        );
      })}
    </ul>
  );
}

/** Holders with several wallets pick one; the choice travels in the address (?w=). */
export function WalletPicker({ current, path }: { current: string; path: string }) {
  const t = useT(WALLET);
  const me = useMe();
  if (me.wallets.length < 2) return null;
  return (
    <label className="field">
      {t('choose_wallet')}
      <select value={current} onChange={(e) => navigate(walletHref(path, e.target.value, me.wallets))}>
        {me.wallets.map((w) => (
          <option key={w} value={w}>
            {walletId(w)}
          </option>
        ))}
      </select>
    </label>
  );
}
