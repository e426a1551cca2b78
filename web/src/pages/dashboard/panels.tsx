import { useMemo } from 'react';
import { usePrefs } from '../../app/prefs.tsx';
import { Link } from '../../app/router.tsx';
import { Scroll, Status } from '../../components/common.tsx';
import { money, yuan } from '../../format/index.ts';
import { useT } from '../../i18n/index.ts';
import { typologyName } from '../../i18n/typologies.ts';
import { Chart } from './Chart.tsx';
import type { ChartOption } from './echarts.ts';
import { DASH } from './i18n.ts';
import type { LiveStats } from './types.ts';

const INK = '#1b1b1f';
const RED = '#b3261e';
const BLUE = '#0b4f9c';

function axisText(elder: boolean) {
  return { color: INK, fontSize: elder ? 18 : 12, hideOverlap: true };
}

/** 12,500,000 as "12.5M" / "1250万": axes stay short in either language. */
function compact(lang: string) {
  const f = new Intl.NumberFormat(lang, { notation: 'compact', maximumFractionDigits: 1 });
  return (v: number) => f.format(v);
}

/** Payments per second and value per second over the kept window (one point per second). */
export function RatesPanel({ stats }: { stats: LiveStats }) {
  const t = useT(DASH);
  const { lang, elder } = usePrefs();
  const s = stats.rates.series;
  const option = useMemo<ChartOption>(() => {
    const labels = s.count.map((_, k) =>
      new Date((s.start_s + k) * 1000).toLocaleTimeString(lang, { hour12: false, timeZone: 'Asia/Shanghai' }),
    );
    return {
      animation: false,
      aria: { enabled: true },
      grid: { left: 56, right: 72, top: 36, bottom: 28 },
      legend: { top: 0, textStyle: axisText(elder) },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'category', data: labels, axisLabel: axisText(elder), boundaryGap: false },
      yAxis: [
        {
          type: 'value',
          name: t('series_payments'),
          axisLabel: axisText(elder),
          nameTextStyle: axisText(elder),
        },
        {
          type: 'value',
          name: t('series_value'),
          axisLabel: axisText(elder),
          nameTextStyle: axisText(elder),
        },
      ],
      series: [
        {
          name: t('series_payments'),
          type: 'line',
          data: s.count,
          showSymbol: false,
          color: RED,
          lineStyle: { width: 2 },
        },
        {
          name: t('series_value'),
          type: 'line',
          yAxisIndex: 1,
          data: s.value_fen.map(yuan),
          showSymbol: false,
          color: BLUE,
          lineStyle: { width: 2, type: 'dashed' },
        },
      ],
    };
  }, [s, lang, elder, t]);
  return (
    <section className="card stack" aria-labelledby="rates-h">
      <h2 id="rates-h">{t('rates_title')}</h2>
      <Chart option={option} label={t('rates_chart', { n: s.count.length })} testId="rates-chart" />
    </section>
  );
}

/** Every operator's books and the central bank's: a red mark the moment one does not balance. */
export function BooksPanel({ stats }: { stats: LiveStats }) {
  const t = useT(DASH);
  const b = stats.books;
  return (
    <section
      className={`card stack ${b.balanced ? '' : 'books-bad'}`}
      aria-labelledby="books-h"
      data-testid="books"
    >
      <h2 id="books-h">{t('books')}</h2>
      {b.balanced ? null : (
        <p className="notice notice-error" role="alert" data-testid="books-alarm">
          <span aria-hidden="true">✗ </span>
          {t('books_bad_banner')}
        </p>
      )}
      <Scroll label={t('books')}>
        <table>
          <thead>
            <tr>
              <th scope="col">{t('operator')}</th>
              <th scope="col">{t('status')}</th>
              <th scope="col" className="num">
                {t('outstanding')}
              </th>
              <th scope="col" className="num">
                {t('vault')}
              </th>
              <th scope="col" className="num">
                {t('circulation')}
              </th>
            </tr>
          </thead>
          <tbody>
            {b.operators.map((o) => (
              <tr key={`${o.operator_id}-${o.currency}`} data-testid={`books-${o.operator_id}`}>
                <th scope="row" className="wrap">
                  {o.name}
                </th>
                <td>
                  <Status ok={o.balanced}>{o.balanced ? t('books_ok') : t('books_bad')}</Status>
                </td>
                <td className="num">{money(o.outstanding, o.currency)}</td>
                <td className="num">{money(o.vault, o.currency)}</td>
                <td className="num">{money(o.in_circulation, o.currency)}</td>
              </tr>
            ))}
            {b.central_bank.map((c) => (
              <tr key={`cb-${c.currency}`}>
                <th scope="row">{t('central_bank')}</th>
                <td>
                  <Status ok={c.balanced}>{c.balanced ? t('books_ok') : t('books_bad')}</Status>
                </td>
                <td className="num">{money(c.outstanding, c.currency)}</td>
                <td className="num" />
                <td className="num wrap">{`${t('operators_total')} ${money(c.operators_total, c.currency)}`}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Scroll>
    </section>
  );
}

function barOption(
  names: string[],
  values: number[],
  elder: boolean,
  lang: string,
  horizontal: boolean,
): ChartOption {
  const category = {
    type: 'category',
    data: names,
    axisLabel: { ...axisText(elder), width: 140, overflow: 'truncate' },
  };
  const value = { type: 'value', axisLabel: { ...axisText(elder), formatter: compact(lang) } };
  return {
    animation: false,
    aria: { enabled: true },
    grid: {
      left: horizontal ? (elder ? 190 : 150) : 70,
      right: 72,
      top: 24,
      bottom: 36,
      containLabel: false,
    },
    tooltip: { trigger: 'axis' },
    xAxis: horizontal ? value : category,
    yAxis: horizontal ? category : value,
    series: [
      {
        type: 'bar',
        data: values,
        color: RED,
        label: {
          show: true,
          position: horizontal ? 'right' : 'top',
          formatter: (p: { value: number }) => compact(lang)(p.value),
        },
      },
    ],
  };
}

/** e-CNY held by the public, by operator and by kind of wallet: a chart and the exact figures. */
export function CirculationPanel({ stats }: { stats: LiveStats }) {
  const t = useT(DASH);
  const { elder, lang } = usePrefs();
  const b = stats.books;
  const byOperator = useMemo(
    () =>
      barOption(
        b.operators.map((o) => o.operator_id.toUpperCase()),
        b.operators.map((o) => Number(o.in_circulation)),
        elder,
        lang,
        false,
      ),
    [b.operators, elder, lang],
  );
  const byHolding = useMemo(
    () =>
      barOption(
        b.by_holding.map((h) => t(`h_${h.kind}` as const)),
        b.by_holding.map((h) => Number(h.amount)),
        elder,
        lang,
        true,
      ),
    [b.by_holding, elder, lang, t],
  );
  return (
    <div className="grid">
      <section className="card stack" aria-labelledby="by-op-h">
        <h2 id="by-op-h">{t('by_operator')}</h2>
        <Chart option={byOperator} label={t('by_operator')} />
      </section>
      <section className="card stack" aria-labelledby="by-kind-h">
        <h2 id="by-kind-h">{t('by_holding')}</h2>
        <Chart option={byHolding} label={t('by_holding')} />
        <Scroll label={t('by_holding')}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('holding')}</th>
                <th scope="col" className="num">
                  {t('wallets')}
                </th>
                <th scope="col" className="num">
                  {t('amount')}
                </th>
              </tr>
            </thead>
            <tbody>
              {b.by_holding.map((h) => (
                <tr key={h.kind}>
                  <th scope="row">{t(`h_${h.kind}` as const)}</th>
                  <td className="num">{h.wallets}</td>
                  <td className="num">{money(h.amount, b.currency)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </Scroll>
      </section>
    </div>
  );
}

/** Open alerts by typology (each opens the queue filtered to it) and the week's large-value reports. */
export function AlertsPanel({ stats }: { stats: LiveStats }) {
  const t = useT(DASH);
  const { lang } = usePrefs();
  const s = stats.supervision;
  if (s === null) return <p className="muted">{t('no_supervision')}</p>;
  const typologies = Object.entries(s.open_by_typology).sort((a, b) => b[1] - a[1]);
  return (
    <div className="grid">
      <section className="card stack" aria-labelledby="alerts-h" data-testid="alerts-by-typology">
        <h2 id="alerts-h">{t('alerts_title')}</h2>
        {typologies.length === 0 ? (
          <p className="muted">{t('no_alerts')}</p>
        ) : (
          <ul className="bars">
            {typologies.map(([code, n]) => (
              <li key={code}>
                <Link href={`/cases?typology=${code}`} className="bar-link" data-testid={`typology-${code}`}>
                  <span>{typologyName(code, lang)}</span>
                  <span
                    className="bar"
                    style={{ width: `${Math.max(4, (n / typologies[0]![1]) * 100)}%` }}
                    aria-hidden="true"
                  />
                  <strong>{n}</strong>
                </Link>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section className="card stack" aria-labelledby="lvtr-h">
        <h2 id="lvtr-h">{t('lvtr_title')}</h2>
        <Scroll label={t('lvtr_title')}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('day')}</th>
                <th scope="col" className="num">
                  {t('reports')}
                </th>
              </tr>
            </thead>
            <tbody>
              {s.large_value_days.map((d) => (
                <tr key={d.date}>
                  <th scope="row">{d.date}</th>
                  <td className="num">{d.total}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </Scroll>
      </section>
    </div>
  );
}
