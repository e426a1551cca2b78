import { type FormEvent, useEffect, useState } from 'react';
import { ApiError, api } from '../../api/client.ts';
import type { CaseView, Evidence } from '../../api/types.ts';
import { usePrefs } from '../../app/prefs.tsx';
import { Link } from '../../app/router.tsx';
import type { PageProps } from '../../app/routes.ts';
import { useMe } from '../../app/session.tsx';
import { useApi } from '../../app/use-api.ts';
import { ErrorNote, Loadable, Scroll, SuccessNote } from '../../components/common.tsx';
import { money, time, walletId } from '../../format/index.ts';
import { useT } from '../../i18n/index.ts';
import { typologyName } from '../../i18n/typologies.ts';
import { FlowGraph } from './FlowGraph.tsx';
import { expand, type FlowGraph as Graph, initialGraph } from './graph-model.ts';
import { CASES } from './i18n.ts';
import './cases.css';

/** Alerts whose evidence is drawn into a case's graph (the first ones; the table lists them all). */
const CASE_GRAPH_ALERTS_MAX = 10;
const EVENTS = [
  'created',
  'alerts_added',
  'assigned',
  'commented',
  'attached',
  'escalated',
  'closed',
  'reopened',
] as const;
const isEvent = (e: string): e is (typeof EVENTS)[number] => (EVENTS as readonly string[]).includes(e);
const DISPOSITIONS = ['false_positive', 'no_further_action', 'reported', 'referred', 'duplicate'] as const;
type Disposition = (typeof DISPOSITIONS)[number];
const isDisposition = (d: string | null): d is Disposition =>
  d !== null && (DISPOSITIONS as readonly string[]).includes(d);

async function caseGraph(alertIds: readonly string[]): Promise<Graph> {
  const evidence = await Promise.all(
    alertIds
      .slice(0, CASE_GRAPH_ALERTS_MAX)
      .map((a) => api<Evidence>(`/v1/supervision/alerts/${encodeURIComponent(a)}/evidence`)),
  );
  let graph = initialGraph([], []);
  for (const ev of evidence) {
    graph = initialGraph(
      [...graph.nodes.values(), ...ev.graph.nodes.filter((n) => !graph.nodes.has(n.id))],
      [...graph.edges.values()],
    );
    graph = expand(graph, '', ev.graph.edges);
  }
  return graph;
}

/** A case: its alerts, graph and history; comment, assign, escalate, close with a disposition, report. */
export default function CasePage({ params }: PageProps) {
  const t = useT(CASES);
  const { lang } = usePrefs();
  const me = useMe();
  const id = params.id ?? '';
  const view = useApi<CaseView>(`/v1/supervision/cases/${encodeURIComponent(id)}`);
  const [graph, setGraph] = useState<Graph | null>(null);
  const [note, setNote] = useState<{ ok: boolean; text: string } | null>(null);
  const writer = me.permissions.includes('supervision.write');
  const alertIds = view.data?.alerts.map((a) => a.id).join(',') ?? '';
  // The graph follows the case's alerts, not every change of the case.
  useEffect(() => {
    if (alertIds === '') return;
    caseGraph(alertIds.split(',')).then(setGraph, (e: unknown) => setNote({ ok: false, text: String(e) }));
  }, [alertIds]);

  const step = (path: string, body: unknown) => async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    setNote(null);
    try {
      await api(`/v1/supervision/cases/${id}/${path}`, { method: 'POST', body });
      form.reset();
      setNote({ ok: true, text: t('done') });
      view.reload();
    } catch (err) {
      setNote({
        ok: false,
        text: t('failed', { detail: err instanceof ApiError ? err.detail : String(err) }),
      });
    }
  };
  const field = (e: FormEvent<HTMLFormElement>, name: string) =>
    String(new FormData(e.currentTarget).get(name) ?? '').trim();

  return (
    <div className="stack page">
      <Link href="/cases?tab=cases">{t('tab_cases')}</Link>
      <Loadable {...view}>
        {(c) => (
          <>
            <h1>{c.title}</h1>
            <p className="row">
              <span className="badge" data-testid="case-status">
                {c.status === 'closed' && isDisposition(c.disposition)
                  ? t('closed_as', { disposition: t(`d_${c.disposition}`) })
                  : c.status === 'escalated'
                    ? t('st_escalated')
                    : t('st_open')}
              </span>
              <span>{t('case', { id: c.id })}</span>
              <span className="muted">{t('created', { time: time(c.created_at, lang) })}</span>
              <span>{`${t('assignee')}: ${c.assignee ?? t('unassigned')}`}</span>
            </p>
            {note === null ? null : note.ok ? (
              <SuccessNote>{note.text}</SuccessNote>
            ) : (
              <ErrorNote>{note.text}</ErrorNote>
            )}
            <p>
              <a
                className="button primary"
                href={`/v1/supervision/cases/${encodeURIComponent(c.id)}/report`}
                download
                data-testid="download-report"
              >
                <span aria-hidden="true">⤓</span> {t('report')}
              </a>{' '}
              <span className="muted small">{t('report_help')}</span>
            </p>
            <section className="card stack" aria-labelledby="ca-h">
              <h2 id="ca-h">{t('alerts_in_case')}</h2>
              <Scroll label={t('alerts_in_case')}>
                <table>
                  <thead>
                    <tr>
                      <th scope="col">{t('alert')}</th>
                      <th scope="col">{t('typology')}</th>
                      <th scope="col">{t('focal')}</th>
                      <th scope="col" className="num">
                        {t('amount')}
                      </th>
                      <th scope="col" className="num">
                        {t('transfers')}
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {c.alerts.map((a) => (
                      <tr key={a.id}>
                        <td>
                          <Link href={`/alerts/${a.id}`} className="mono">
                            {a.id}
                          </Link>
                        </td>
                        <td>{typologyName(a.typology, lang)}</td>
                        <td className="mono">{walletId(a.focal_wallet)}</td>
                        <td className="num">{money(a.amount)}</td>
                        <td className="num">{a.transfer_count}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </Scroll>
            </section>
            {graph === null ? null : <FlowGraph graph={graph} onChange={setGraph} />}
            {writer && c.status !== 'closed' ? (
              <div className="grid">
                <form
                  className="card stack"
                  onSubmit={(e) => void step('comments', { text: field(e, 'text') })(e)}
                >
                  <h2>{t('add_comment')}</h2>
                  <label className="field">
                    {t('comment')}
                    <textarea name="text" required maxLength={4000} />
                  </label>
                  <button type="submit">{t('add_comment')}</button>
                </form>
                <form
                  className="card stack"
                  onSubmit={(e) => void step('assign', { assignee: field(e, 'assignee') })(e)}
                >
                  <h2>{t('assign')}</h2>
                  <label className="field">
                    {t('assign_to')}
                    <input
                      name="assignee"
                      required
                      defaultValue={me.key_id}
                      pattern="[A-Za-z0-9._:@\-]{1,64}"
                    />
                  </label>
                  <button type="submit">{t('assign')}</button>
                </form>
                <form
                  className="card stack"
                  onSubmit={(e) => void step('escalate', { reason: field(e, 'reason') })(e)}
                >
                  <h2>{t('escalate')}</h2>
                  <label className="field">
                    {t('reason')}
                    <input name="reason" required maxLength={4000} />
                  </label>
                  <button type="submit">{t('escalate')}</button>
                </form>
                <form
                  className="card stack"
                  onSubmit={(e) =>
                    void step('close', {
                      disposition: field(e, 'disposition'),
                      comment: field(e, 'comment'),
                    })(e)
                  }
                  data-testid="close-case"
                >
                  <h2>{t('close_case')}</h2>
                  <label className="field">
                    {t('disposition')}
                    <select name="disposition" defaultValue="reported">
                      {DISPOSITIONS.map((d) => (
                        <option key={d} value={d}>
                          {t(`d_${d}`)}
                        </option>
                      ))}
                    </select>
                  </label>
                  <label className="field">
                    {t('close_comment')}
                    <textarea name="comment" maxLength={4000} />
                  </label>
                  <button type="submit" className="primary">
                    {t('close')}
                  </button>
                </form>
              </div>
            ) : null}
            {writer && c.status === 'closed' ? (
              <form
                className="card row"
                onSubmit={(e) => void step('reopen', { reason: field(e, 'reason') })(e)}
              >
                <label className="field">
                  {t('reason')}
                  <input name="reason" required maxLength={4000} />
                </label>
                <button type="submit">{t('reopen')}</button>
              </form>
            ) : null}
            <section className="card stack" aria-labelledby="hist-h">
              <h2 id="hist-h">{t('history')}</h2>
              <ol className="history" data-testid="case-history">
                {c.history.map((h) => (
                  <li key={h.id}>
                    <strong>{isEvent(h.type) ? t(`ev_${h.type}`) : h.type}</strong>{' '}
                    <span className="muted small">{`${time(h.at, lang)} · ${h.actor}`}</span>
                    {Object.keys(h.details).length === 0 ? null : (
                      <div className="small mono">{JSON.stringify(h.details)}</div>
                    )}
                  </li>
                ))}
              </ol>
            </section>
          </>
        )}
      </Loadable>
    </div>
  );
}
