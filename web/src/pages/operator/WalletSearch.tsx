import { type FormEvent, useState } from 'react';
import { ApiError, api, query } from '../../api/client.ts';
import type { Wallet, WalletList } from '../../api/types.ts';
import { Link, navigate } from '../../app/router.tsx';
import { ErrorNote, Scroll, SuccessNote } from '../../components/common.tsx';
import { money, walletId } from '../../format/index.ts';
import { useT } from '../../i18n/index.ts';
import { OPERATOR } from './i18n.ts';

const SEARCH_PAGE = 50;
type Filters = Readonly<Record<'q' | 'kind' | 'category' | 'status', string>>;

/** Find the operator's wallets (GET /v1/wallets), page by page, and open one; open new wallets. */
export function WalletSearch({ operatorId }: { operatorId: string }) {
  const t = useT(OPERATOR);
  const [filters, setFilters] = useState<Filters | null>(null);
  const [items, setItems] = useState<Wallet[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [scanned, setScanned] = useState(0);
  const [note, setNote] = useState<{ ok: boolean; text: string } | null>(null);

  const load = async (f: Filters, cursor: string | null) => {
    setNote(null);
    try {
      const page = await api<WalletList>(`/v1/wallets${query({ ...f, limit: SEARCH_PAGE, cursor })}`);
      setItems((old) => (cursor === null ? page.items : [...old, ...page.items]));
      setNext(page.next_cursor);
      setScanned(page.scanned);
      setFilters(f);
    } catch (err) {
      setNote({
        ok: false,
        text: t('failed', { detail: err instanceof ApiError ? err.detail : String(err) }),
      });
    }
  };
  const search = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const d = new FormData(e.currentTarget);
    const get = (k: string) => String(d.get(k) ?? '').replace(/\s/g, '');
    void load({ q: get('q'), kind: get('kind'), category: get('category'), status: get('status') }, null);
  };
  const openWallet = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const d = new FormData(e.currentTarget);
    const kind = String(d.get('kind'));
    const category = Number(d.get('category'));
    try {
      const w = await api<Wallet>('/v1/wallets', {
        method: 'POST',
        body: { operator_id: operatorId, kind, ...(kind === 'personal' ? { category } : {}) },
      });
      setNote({ ok: true, text: t('opened', { id: walletId(w.id) }) });
      navigate(`/operator/wallets/${w.id}`);
    } catch (err) {
      setNote({
        ok: false,
        text: t('failed', { detail: err instanceof ApiError ? err.detail : String(err) }),
      });
    }
  };
  return (
    <section className="card stack" aria-labelledby="search-h">
      <h2 id="search-h">{t('search')}</h2>
      <p className="muted">{t('search_help')}</p>
      <form className="filters" onSubmit={search} data-testid="wallet-search">
        <label className="field">
          {t('q')}
          <input name="q" inputMode="numeric" pattern="[0-9 ]{1,20}" />
        </label>
        <label className="field">
          {t('kind')}
          <select name="kind" defaultValue="">
            <option value="">{t('any')}</option>
            <option value="personal">{t('k_personal')}</option>
            <option value="corporate">{t('k_corporate')}</option>
            <option value="merchant">{t('k_merchant')}</option>
          </select>
        </label>
        <label className="field">
          {t('category')}
          <select name="category" defaultValue="">
            <option value="">{t('any')}</option>
            {[1, 2, 3, 4].map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          {t('status')}
          <select name="status" defaultValue="">
            <option value="">{t('any')}</option>
            {(['active', 'frozen_out', 'frozen_all', 'closed'] as const).map((s) => (
              <option key={s} value={s}>
                {t(`s_${s}`)}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="primary">
          {t('find')}
        </button>
      </form>
      {note === null ? null : note.ok ? (
        <SuccessNote>{note.text}</SuccessNote>
      ) : (
        <ErrorNote>{note.text}</ErrorNote>
      )}
      {filters === null ? null : items.length === 0 ? (
        <p className="muted">{t('none')}</p>
      ) : (
        <Scroll label={t('results')}>
          <table data-testid="wallet-results">
            <thead>
              <tr>
                <th scope="col">{t('wallet')}</th>
                <th scope="col">{t('kind')}</th>
                <th scope="col">{t('category')}</th>
                <th scope="col">{t('status')}</th>
                <th scope="col" className="num">
                  {t('balance')}
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((w) => (
                <tr key={w.id}>
                  <td>
                    <Link href={`/operator/wallets/${w.id}`} className="mono">
                      {walletId(w.id)}
                    </Link>
                  </td>
                  <td>{t(`k_${w.kind}`)}</td>
                  <td>{w.category ?? '—'}</td>
                  <td>{t(`s_${w.status}`)}</td>
                  <td className="num">{money(w.balance, w.currency)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </Scroll>
      )}
      {filters === null ? null : <p className="muted small">{t('scanned', { n: scanned })}</p>}
      {filters === null || next === null ? null : (
        <button type="button" onClick={() => void load(filters, next)}>
          {t('more')}
        </button>
      )}
      <form className="row" onSubmit={(e) => void openWallet(e)} aria-labelledby="open-h">
        <h3 id="open-h">{t('open_wallet')}</h3>
        <label className="field">
          {t('kind')}
          <select name="kind" defaultValue="personal">
            <option value="personal">{t('k_personal')}</option>
            <option value="corporate">{t('k_corporate')}</option>
            <option value="merchant">{t('k_merchant')}</option>
          </select>
        </label>
        <label className="field">
          {t('category')}
          <select name="category" defaultValue="4">
            {[1, 2, 3, 4].map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        </label>
        <button type="submit">{t('open')}</button>
      </form>
    </section>
  );
}
