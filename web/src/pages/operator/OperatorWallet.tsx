import { type FormEvent, useState } from 'react';
import { ApiError, api, clientId } from '../../api/client.ts';
import type { Freeze, Page, Transfer, Wallet } from '../../api/types.ts';
import { usePrefs } from '../../app/prefs.tsx';
import { Link } from '../../app/router.tsx';
import type { PageProps } from '../../app/routes.ts';
import { useApi } from '../../app/use-api.ts';
import { ErrorNote, Loadable, Scroll, Status, SuccessNote } from '../../components/common.tsx';
import { money, parseAmountInput, time, walletId } from '../../format/index.ts';
import { useT } from '../../i18n/index.ts';
import { OPERATOR } from './i18n.ts';

const HISTORY_ROWS = 25;

/** One of the operator's wallets: facts and limits, category change, freeze and unfreeze, exchange, history. */
export default function OperatorWallet({ params }: PageProps) {
  const t = useT(OPERATOR);
  const { lang } = usePrefs();
  const id = params.id ?? '';
  const wallet = useApi<Wallet>(`/v1/wallets/${id}`);
  const freezes = useApi<Page<Freeze>>(`/v1/wallets/${id}/freezes?limit=20`);
  const history = useApi<Page<Transfer>>(`/v1/wallets/${id}/transfers?limit=${HISTORY_ROWS}`);
  const [note, setNote] = useState<{ ok: boolean; text: string } | null>(null);

  const run = async (e: FormEvent<HTMLFormElement>, call: (d: FormData) => Promise<unknown>) => {
    e.preventDefault();
    const form = e.currentTarget;
    setNote(null);
    try {
      await call(new FormData(form));
      setNote({ ok: true, text: '✓' });
      form.reset();
      wallet.reload();
      freezes.reload();
      history.reload();
    } catch (err) {
      setNote({
        ok: false,
        text: t('failed', { detail: err instanceof ApiError ? err.detail : String(err) }),
      });
    }
  };
  const s = (d: FormData, k: string) => String(d.get(k) ?? '').trim();
  const limit = (v: string | null) => (v === null ? t('no_limit') : money(v));

  return (
    <div className="stack page">
      <Link href="/operator">{t('back')}</Link>
      <h1>{t('wallet_title', { id: walletId(id) })}</h1>
      {note === null ? null : note.ok ? (
        <SuccessNote>{note.text}</SuccessNote>
      ) : (
        <ErrorNote>{note.text}</ErrorNote>
      )}
      <Loadable {...wallet}>
        {(w) => (
          <>
            <section className="card">
              <dl className="facts">
                <dt>{t('balance')}</dt>
                <dd className="tile-value">{money(w.balance, w.currency)}</dd>
                <dt>{t('kind')}</dt>
                <dd>{t(`k_${w.kind}`)}</dd>
                <dt>{t('category')}</dt>
                <dd>{w.category ?? '—'}</dd>
                <dt>{t('status')}</dt>
                <dd>
                  <Status ok={w.status === 'active'}>{t(`s_${w.status}`)}</Status>
                </dd>
                <dt>{t('single')}</dt>
                <dd>{limit(w.limits.single_payment)}</dd>
                <dt>{t('daily')}</dt>
                <dd>{`${limit(w.limits.daily_total)} · ${t('used_today', { amount: money(w.used.today) })}`}</dd>
                <dt>{t('annual')}</dt>
                <dd>{limit(w.limits.annual_total)}</dd>
                <dt>{t('cap')}</dt>
                <dd>{limit(w.limits.balance_cap)}</dd>
              </dl>
            </section>
            <div className="grid">
              {w.kind === 'personal' ? (
                <form
                  className="card stack"
                  onSubmit={(e) =>
                    void run(e, (d) =>
                      api(`/v1/wallets/${id}`, {
                        method: 'PATCH',
                        body: { category: Number(s(d, 'category')) },
                      }),
                    )
                  }
                  data-testid="change-category"
                >
                  <h2>{t('change_category')}</h2>
                  <p className="muted small">{t('change_help')}</p>
                  <label className="field">
                    {t('category')}
                    <select name="category" defaultValue={String(w.category ?? 4)}>
                      {[1, 2, 3, 4].map((c) => (
                        <option key={c} value={c}>
                          {c}
                        </option>
                      ))}
                    </select>
                  </label>
                  <button type="submit">{t('change')}</button>
                </form>
              ) : null}
              {w.status === 'active' ? (
                <form
                  className="card stack"
                  onSubmit={(e) =>
                    void run(e, (d) => {
                      const reference = s(d, 'reference');
                      return api(`/v1/wallets/${id}/freeze`, {
                        method: 'POST',
                        body: {
                          mode: s(d, 'mode'),
                          reason: s(d, 'reason'),
                          ...(reference === '' ? {} : { reference }),
                        },
                      });
                    })
                  }
                  data-testid="freeze"
                >
                  <h2>{t('freeze')}</h2>
                  <label className="field">
                    {t('freeze_mode')}
                    <select name="mode" defaultValue="out">
                      <option value="out">{t('mode_out')}</option>
                      <option value="all">{t('mode_all')}</option>
                    </select>
                  </label>
                  <label className="field">
                    {t('reason')}
                    <input name="reason" required maxLength={500} />
                  </label>
                  <label className="field">
                    {t('reference')}
                    <input name="reference" maxLength={120} />
                  </label>
                  <button type="submit">{t('freeze')}</button>
                </form>
              ) : w.status !== 'closed' ? (
                <form
                  className="card stack"
                  onSubmit={(e) =>
                    void run(e, (d) =>
                      api(`/v1/wallets/${id}/unfreeze`, { method: 'POST', body: { reason: s(d, 'reason') } }),
                    )
                  }
                  data-testid="unfreeze"
                >
                  <h2>{t('unfreeze')}</h2>
                  <label className="field">
                    {t('reason')}
                    <input name="reason" required maxLength={500} />
                  </label>
                  <button type="submit">{t('unfreeze')}</button>
                </form>
              ) : null}
              <form
                className="card stack"
                onSubmit={(e) =>
                  void run(e, (d) => {
                    const amount = parseAmountInput(s(d, 'amount'));
                    if (amount === null) return Promise.reject(new Error(t('amount_invalid')));
                    return api('/v1/exchanges', {
                      method: 'POST',
                      body: { id: clientId('ex'), wallet_id: id, direction: s(d, 'direction'), amount },
                    });
                  })
                }
              >
                <h2>{t('exchange')}</h2>
                <label className="field">
                  {t('direction')}
                  <select name="direction" defaultValue="in">
                    <option value="in">{t('exchange_in')}</option>
                    <option value="out">{t('exchange_out')}</option>
                  </select>
                </label>
                <label className="field">
                  {t('amount')}
                  <input name="amount" inputMode="decimal" required />
                </label>
                <button type="submit">{t('submit')}</button>
              </form>
            </div>
          </>
        )}
      </Loadable>
      <section className="card stack" aria-labelledby="fz-h">
        <h2 id="fz-h">{t('freezes')}</h2>
        <Loadable {...freezes}>
          {(page) =>
            page.items.length === 0 ? (
              <p className="muted">{t('no_freezes')}</p>
            ) : (
              <ul>
                {page.items.map((f) => (
                  <li key={f.event_id}>
                    {`${time(f.at, lang)} · ${f.type === 'frozen' ? t('freeze') : t('unfreeze')}${f.mode === undefined ? '' : ` (${f.mode})`} · ${f.reason}${f.reference === null ? '' : ` · ${f.reference}`}`}
                  </li>
                ))}
              </ul>
            )
          }
        </Loadable>
      </section>
      <section className="card stack" aria-labelledby="oh-h">
        <h2 id="oh-h">{t('history')}</h2>
        <Loadable {...history}>
          {(page) => (
            <Scroll label={t('history')}>
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t('when')}</th>
                    <th scope="col">{t('from')}</th>
                    <th scope="col">{t('to')}</th>
                    <th scope="col" className="num">
                      {t('amount')}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {page.items.map((x) => (
                    <tr key={x.seq}>
                      <td>{time(x.created_at, lang)}</td>
                      <td className="mono">{walletId(x.from)}</td>
                      <td className="mono">{walletId(x.to)}</td>
                      <td className="num">{money(x.amount, x.currency)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </Scroll>
          )}
        </Loadable>
      </section>
    </div>
  );
}
