import type { AlertView, Evidence } from '../../api/types.ts';
import { usePrefs } from '../../app/prefs.tsx';
import { Scroll } from '../../components/common.tsx';
import { money, time, walletId } from '../../format/index.ts';
import { useT } from '../../i18n/index.ts';
import { typologyName } from '../../i18n/typologies.ts';
import { CASES } from './i18n.ts';

const STATUSES = ['open', 'in_case', 'closed'] as const;
const statusKey = (s: string) =>
  (STATUSES as readonly string[]).includes(s) ? (`st_${s}` as `st_${(typeof STATUSES)[number]}`) : null;

/** What an alert is about, at a glance. */
export function AlertFacts({ alert }: { alert: AlertView }) {
  const t = useT(CASES);
  const { lang } = usePrefs();
  const a = alert;
  const st = statusKey(a.status);
  return (
    <section className="card" aria-label={t('alert_title', { id: a.id })} data-testid="alert-facts">
      <dl className="facts">
        <dt>{t('typology')}</dt>
        <dd data-testid="alert-typology">{typologyName(a.typology, lang)}</dd>
        <dt>{t('status')}</dt>
        <dd>{st === null ? a.status : t(st)}</dd>
        <dt>{t('focal')}</dt>
        <dd className="mono">{walletId(a.focal_wallet)}</dd>
        <dt>{t('score')}</dt>
        <dd>{`${a.score.toFixed(2)} / ${a.threshold.toFixed(2)}`}</dd>
        <dt>{t('amount')}</dt>
        <dd>{money(a.amount)}</dd>
        <dt>{t('transfers')}</dt>
        <dd>{a.transfer_count}</dd>
        <dt>{t('wallets')}</dt>
        <dd>{a.wallet_count}</dd>
        <dt>{t('last_at')}</dt>
        <dd>{`${time(a.first_at, lang)} – ${time(a.last_at, lang)}`}</dd>
        <dt>{t('assignee')}</dt>
        <dd data-testid="alert-assignee">{a.assignee ?? t('unassigned')}</dd>
      </dl>
    </section>
  );
}

/** Every rule that fired, with the thresholds it crossed and what was observed. */
export function Reasons({ alert }: { alert: AlertView }) {
  const t = useT(CASES);
  return (
    <section className="card stack" aria-labelledby="why-h">
      <h2 id="why-h">{t('why')}</h2>
      <Scroll label={t('why')}>
        <table>
          <thead>
            <tr>
              <th scope="col">{t('rule')}</th>
              <th scope="col">{t('crossed')}</th>
              <th scope="col" className="num">
                {t('observed')}
              </th>
              <th scope="col" className="num">
                {t('threshold')}
              </th>
            </tr>
          </thead>
          <tbody>
            {alert.reasons.flatMap((r) =>
              r.crossed.map((c, i) => (
                <tr key={`${r.rule_id}-${c.name}`}>
                  <th scope="row">{i === 0 ? `${r.rule_id} (${r.rule_type})` : ''}</th>
                  <td className="mono">{c.name}</td>
                  <td className="num">{c.observed}</td>
                  <td className="num">{`${c.op} ${c.threshold}`}</td>
                </tr>
              )),
            )}
          </tbody>
        </table>
      </Scroll>
    </section>
  );
}

/** The wallets involved: ids, kinds and categories, never who holds them. */
export function WalletFactsTable({ wallets }: { wallets: Evidence['wallets'] }) {
  const t = useT(CASES);
  return (
    <section className="card stack" aria-labelledby="wf-h">
      <h2 id="wf-h">{t('wallet_facts')}</h2>
      <Scroll label={t('wallet_facts')}>
        <table>
          <thead>
            <tr>
              <th scope="col">{t('f_wallet')}</th>
              <th scope="col">{t('kind')}</th>
              <th scope="col">{t('category')}</th>
              <th scope="col">{t('operator')}</th>
              <th scope="col">{t('status')}</th>
            </tr>
          </thead>
          <tbody>
            {wallets.map((w) => (
              <tr key={w.id}>
                <td className="mono">
                  {walletId(w.id)}
                  {w.focal ? t('focal_mark') : ''}
                </td>
                <td>{w.kind}</td>
                <td>{w.category ?? '—'}</td>
                <td>{w.operator_id}</td>
                <td>{w.status}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Scroll>
    </section>
  );
}
