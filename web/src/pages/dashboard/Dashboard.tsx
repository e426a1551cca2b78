import { usePrefs } from '../../app/prefs.tsx';
import { Status } from '../../components/common.tsx';
import { figure, money, time } from '../../format/index.ts';
import { useT } from '../../i18n/index.ts';
import { DASH } from './i18n.ts';
import { AlertsPanel, BooksPanel, CirculationPanel, RatesPanel } from './panels.tsx';
import { useLiveStats } from './use-live-stats.ts';
import './dashboard.css';

/** The supervisor dashboard: live figures pushed by the node, replaced in place at each update. */
export default function Dashboard() {
  const t = useT(DASH);
  const { lang } = usePrefs();
  const { stats, state } = useLiveStats();
  return (
    <div className="stack page">
      <div className="spread">
        <h1>{t('title')}</h1>
        <p role="status" className="live-state" data-testid="live-state">
          <span className={`dot dot-${state}`} aria-hidden="true" />
          {state === 'live' ? t('live') : state === 'connecting' ? t('connecting') : t('reconnecting')}
          {stats === null ? null : (
            <span className="muted small">
              {' · '}
              {t('updated', { time: time(stats.at, lang, false), seq: stats.committed_seq })}
              {stats.lag_rows > 0 ? ` · ${t('lag', { rows: stats.lag_rows })}` : ''}
            </span>
          )}
        </p>
      </div>
      {stats === null ? null : (
        <>
          <div className="tiles">
            <div className="tile">
              <div className="tile-label">{t('payments_per_s')}</div>
              <div className="tile-value" data-testid="payments-per-s">
                {figure(stats.rates.payments_per_s, lang)}
              </div>
            </div>
            <div className="tile">
              <div className="tile-label">{t('value_per_s')}</div>
              <div className="tile-value" data-testid="value-per-s">
                {money(stats.rates.value_per_s, stats.books.currency)}
              </div>
            </div>
            <div className="tile tile-wide">
              <div className="tile-label">{t('in_circulation')}</div>
              <div className="tile-value">{money(stats.books.in_circulation, stats.books.currency)}</div>
            </div>
            <div className={`tile ${stats.books.balanced ? '' : 'tile-bad'}`} data-testid="books-tile">
              <div className="tile-label">{t('books')}</div>
              <div className="tile-value">
                <Status ok={stats.books.balanced}>
                  {stats.books.balanced ? t('books_ok') : t('books_bad')}
                </Status>
              </div>
            </div>
            {stats.supervision === null ? null : (
              <>
                <div className="tile">
                  <div className="tile-label">{t('open_alerts')}</div>
                  <div className="tile-value" data-testid="open-alerts">
                    {stats.supervision.open_alerts}
                  </div>
                </div>
                <div className="tile">
                  <div className="tile-label">{t('large_value_today')}</div>
                  <div className="tile-value">{stats.supervision.large_value_today}</div>
                </div>
                <div className="tile">
                  <div className="tile-label">{t('cases_open')}</div>
                  <div className="tile-value">
                    {stats.supervision.cases_open + stats.supervision.cases_escalated}
                  </div>
                </div>
              </>
            )}
          </div>
          <RatesPanel stats={stats} />
          <BooksPanel stats={stats} />
          <AlertsPanel stats={stats} />
          <CirculationPanel stats={stats} />
        </>
      )}
    </div>
  );
}
