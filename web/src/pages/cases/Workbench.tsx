import { type FormEvent, useEffect, useState } from 'react';
import { api, query } from '../../api/client.ts';
import type { AlertSummary, CaseSummary, Page } from '../../api/types.ts';
import { usePrefs } from '../../app/prefs.tsx';
import { Link, navigate, useLocation } from '../../app/router.tsx';
import { useApi } from '../../app/use-api.ts';
import { ErrorNote, Loadable, Scroll } from '../../components/common.tsx';
import { money, time, walletId } from '../../format/index.ts';
import { useT } from '../../i18n/index.ts';
import { typologyName } from '../../i18n/typologies.ts';
import { CASES } from './i18n.ts';
import './cases.css';

/** The queue's first page is fetched again this often while it is open (new alerts appear). */
const QUEUE_REFRESH_MS = 5_000;
const QUEUE_PAGE = 50;
const TYPOLOGIES = [
  'fan_in',
  'fan_out',
  'scatter_gather',
  'gather_scatter',
  'cycle',
  'bipartite',
  'stack',
  'structuring',
  'pass_through',
  'dormant_wakeup',
  'new_wallet_burst',
  'watchlist_counterparty',
  'offline_fraud',
  'large_value_in',
  'large_value_out',
] as const;
const SORTS = [
  ['-last_at', 'sort_last'],
  ['last_at', 'sort_first'],
  ['-raised_at', 'sort_raised'],
  ['-score', 'sort_score'],
  ['-transfers', 'sort_transfers'],
] as const;
const FILTERS = ['status', 'kind', 'typology', 'assignee', 'min_score', 'wallet', 'sort'] as const;

function AlertQueue() {
  const t = useT(CASES);
  const { lang } = usePrefs();
  const { search } = useLocation();
  const filters = Object.fromEntries(FILTERS.map((f) => [f, search.get(f) ?? undefined]));
  const path = `/v1/supervision/alerts${query({ ...filters, status: filters.status ?? 'open', limit: QUEUE_PAGE })}`;
  const first = useApi<Page<AlertSummary>>(path);
  const [extra, setMore] = useState<{ path: string; items: AlertSummary[]; cursor: string | null } | null>(
    null,
  );
  // Pages loaded with "more" belong to the filters they were loaded for.
  const more = extra?.path === path ? extra : null;
  const [error, setError] = useState<string | null>(null);
  const { reload } = first;
  useEffect(() => {
    const timer = window.setInterval(reload, QUEUE_REFRESH_MS);
    return () => window.clearInterval(timer);
  }, [reload]);
  const next = more === null ? (first.data?.next_cursor ?? null) : more.cursor;
  const loadMore = async () => {
    if (next === null) return;
    try {
      const page = await api<Page<AlertSummary>>(`${path}&cursor=${encodeURIComponent(next)}`);
      setMore({ path, items: [...(more?.items ?? []), ...page.items], cursor: page.next_cursor });
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };
  const apply = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const data = new FormData(e.currentTarget);
    const q = Object.fromEntries(FILTERS.map((f) => [f, String(data.get(f) ?? '').trim() || undefined]));
    navigate(`/cases${query({ tab: 'alerts', ...q })}`);
  };
  const sel = (name: (typeof FILTERS)[number]) => search.get(name) ?? '';
  return (
    <div className="stack">
      <form className="card filters" onSubmit={apply} aria-label={t('filters')} key={search.toString()}>
        <label className="field">
          {t('f_status')}
          <select name="status" defaultValue={sel('status') || 'open'}>
            {(['open', 'in_case', 'closed'] as const).map((s) => (
              <option key={s} value={s}>
                {t(`st_${s}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          {t('f_kind')}
          <select name="kind" defaultValue={sel('kind')}>
            <option value="">{t('any')}</option>
            <option value="suspicious">{t('k_suspicious')}</option>
            <option value="large_value_report">{t('k_large_value_report')}</option>
          </select>
        </label>
        <label className="field">
          {t('f_typology')}
          <select name="typology" defaultValue={sel('typology')} data-testid="filter-typology">
            <option value="">{t('any')}</option>
            {TYPOLOGIES.map((c) => (
              <option key={c} value={c}>
                {typologyName(c, lang)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          {t('f_assignee')}
          <input name="assignee" defaultValue={sel('assignee')} pattern="[A-Za-z0-9._:@\-]{1,64}" />
        </label>
        <label className="field">
          {t('f_min_score')}
          <input name="min_score" defaultValue={sel('min_score')} inputMode="decimal" />
        </label>
        <label className="field">
          {t('f_wallet')}
          <input name="wallet" defaultValue={sel('wallet')} inputMode="numeric" pattern="[0-9]{16}" />
        </label>
        <label className="field">
          {t('f_sort')}
          <select name="sort" defaultValue={sel('sort') || '-last_at'}>
            {SORTS.map(([v, k]) => (
              <option key={v} value={v}>
                {t(k)}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="primary">
          {t('apply')}
        </button>
      </form>
      <p className="muted small">{t('refreshed', { s: QUEUE_REFRESH_MS / 1000 })}</p>
      <Loadable {...first}>
        {(page) => {
          const items = [...page.items, ...(more?.items ?? [])];
          if (items.length === 0) return <p className="muted">{t('no_alerts')}</p>;
          return (
            <Scroll label={t('tab_alerts')}>
              <table data-testid="alert-queue">
                <thead>
                  <tr>
                    <th scope="col">{t('alert')}</th>
                    <th scope="col">{t('typology')}</th>
                    <th scope="col">{t('focal')}</th>
                    <th scope="col" className="num">
                      {t('score')}
                    </th>
                    <th scope="col" className="num">
                      {t('amount')}
                    </th>
                    <th scope="col" className="num">
                      {t('transfers')}
                    </th>
                    <th scope="col">{t('last_at')}</th>
                    <th scope="col">{t('assignee')}</th>
                  </tr>
                </thead>
                <tbody>
                  {items.map((a) => (
                    <tr key={a.id} className="clickable" onClick={() => navigate(`/alerts/${a.id}`)}>
                      <td>
                        <Link href={`/alerts/${a.id}`} className="mono">
                          {a.id}
                        </Link>
                      </td>
                      <td>{typologyName(a.typology, lang)}</td>
                      <td className="mono">{walletId(a.focal_wallet)}</td>
                      <td className="num">{a.score.toFixed(2)}</td>
                      <td className="num">{money(a.amount)}</td>
                      <td className="num">{a.transfer_count}</td>
                      <td>{time(a.last_at, lang)}</td>
                      <td>{a.assignee ?? t('unassigned')}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </Scroll>
          );
        }}
      </Loadable>
      {error === null ? null : <ErrorNote>{error}</ErrorNote>}
      {next === null ? null : (
        <button type="button" onClick={() => void loadMore()}>
          {t('more')}
        </button>
      )}
    </div>
  );
}

function CaseList() {
  const t = useT(CASES);
  const { lang } = usePrefs();
  const cases = useApi<Page<CaseSummary>>('/v1/supervision/cases?limit=100');
  return (
    <Loadable {...cases}>
      {(page) =>
        page.items.length === 0 ? (
          <p className="muted">{t('cases_none')}</p>
        ) : (
          <Scroll label={t('tab_cases')}>
            <table data-testid="case-list">
              <thead>
                <tr>
                  <th scope="col">{t('case', { id: '' })}</th>
                  <th scope="col">{t('status')}</th>
                  <th scope="col">{t('priority')}</th>
                  <th scope="col">{t('assignee')}</th>
                  <th scope="col" className="num">
                    {t('alerts_in_case')}
                  </th>
                  <th scope="col">{t('updated')}</th>
                </tr>
              </thead>
              <tbody>
                {page.items.map((c) => (
                  <tr key={c.id}>
                    <td>
                      <Link href={`/cases/${c.id}`}>{c.title}</Link>
                    </td>
                    <td>
                      {c.status === 'closed' || c.status === 'open' || c.status === 'escalated'
                        ? t(`st_${c.status}`)
                        : c.status}
                    </td>
                    <td>{t(`p_${c.priority as 'low' | 'normal' | 'high' | 'urgent'}`)}</td>
                    <td>{c.assignee ?? t('unassigned')}</td>
                    <td className="num">{c.alert_count}</td>
                    <td>{time(c.updated_at, lang)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </Scroll>
        )
      }
    </Loadable>
  );
}

/** The workbench: the alert queue (filter, sort, page) and the cases. */
export default function Workbench() {
  const t = useT(CASES);
  const { search } = useLocation();
  const tab = search.get('tab') === 'cases' ? 'cases' : 'alerts';
  return (
    <div className="stack page">
      <h1>{t('title')}</h1>
      <nav className="row" aria-label={t('title')}>
        {(['alerts', 'cases'] as const).map((k) => (
          <Link
            key={k}
            href={`/cases?tab=${k}`}
            className={`button ${tab === k ? 'primary' : ''}`}
            aria-current={tab === k ? 'page' : undefined}
          >
            {t(k === 'alerts' ? 'tab_alerts' : 'tab_cases')}
          </Link>
        ))}
      </nav>
      {tab === 'alerts' ? <AlertQueue /> : <CaseList />}
    </div>
  );
}
