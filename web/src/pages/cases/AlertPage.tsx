import { type FormEvent, useEffect, useState } from 'react';
import { ApiError, api } from '../../api/client.ts';
import type { CaseView, Evidence } from '../../api/types.ts';
import { usePrefs } from '../../app/prefs.tsx';
import { Link, navigate } from '../../app/router.tsx';
import type { PageProps } from '../../app/routes.ts';
import { useMe } from '../../app/session.tsx';
import { useApi } from '../../app/use-api.ts';
import { ErrorNote, Loadable, Scroll, SuccessNote } from '../../components/common.tsx';
import { money, time, walletId } from '../../format/index.ts';
import { useT } from '../../i18n/index.ts';
import { typologyName } from '../../i18n/typologies.ts';
import { FlowGraph } from './FlowGraph.tsx';
import { type FlowGraph as Graph, initialGraph } from './graph-model.ts';
import { CASES } from './i18n.ts';
import { AlertFacts, Reasons, WalletFactsTable } from './parts.tsx';
import './cases.css';

const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;

/** One alert: why it fired, its transfers and wallets, its graph; assign it or open a case with it. */
export default function AlertPage({ params }: PageProps) {
  const t = useT(CASES);
  const { lang } = usePrefs();
  const me = useMe();
  const id = params.id ?? '';
  const evidence = useApi<Evidence>(`/v1/supervision/alerts/${encodeURIComponent(id)}/evidence`);
  const [graph, setGraph] = useState<Graph | null>(null);
  const [note, setNote] = useState<{ ok: boolean; text: string } | null>(null);
  const writer = me.permissions.includes('supervision.write');
  useEffect(() => {
    if (evidence.data !== undefined)
      setGraph(initialGraph(evidence.data.graph.nodes, evidence.data.graph.edges));
  }, [evidence.data]);

  const act = async (fn: () => Promise<unknown>, after?: () => void) => {
    setNote(null);
    try {
      await fn();
      setNote({ ok: true, text: t('done') });
      after?.();
      evidence.reload();
    } catch (e) {
      setNote({ ok: false, text: t('failed', { detail: e instanceof ApiError ? e.detail : String(e) }) });
    }
  };
  const assign = (who: string) =>
    act(() => api(`/v1/supervision/alerts/${id}/assign`, { method: 'POST', body: { assignee: who } }));
  const openCase = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const data = new FormData(e.currentTarget);
    const title = String(data.get('title') ?? '').trim();
    const priority = String(data.get('priority') ?? 'normal');
    void act(async () => {
      const c = await api<CaseView>('/v1/supervision/cases', {
        method: 'POST',
        body: { title, priority, alert_ids: [id] },
      });
      navigate(`/cases/${c.id}`);
    });
  };

  return (
    <div className="stack page">
      <Link href="/cases">{t('back_queue')}</Link>
      <h1>{t('alert_title', { id })}</h1>
      {note === null ? null : note.ok ? (
        <SuccessNote>{note.text}</SuccessNote>
      ) : (
        <ErrorNote>{note.text}</ErrorNote>
      )}
      <Loadable {...evidence}>
        {(ev) => {
          const a = ev.alert;
          return (
            <>
              <AlertFacts alert={a} />
              {writer && a.status === 'open' ? (
                <div className="grid">
                  <section className="card stack" aria-labelledby="assign-h">
                    <h2 id="assign-h">{t('assign')}</h2>
                    <form
                      className="row"
                      onSubmit={(e) => {
                        e.preventDefault();
                        void assign(String(new FormData(e.currentTarget).get('assignee') ?? '').trim());
                      }}
                    >
                      <label className="field">
                        {t('assign_to')}
                        <input
                          name="assignee"
                          defaultValue={a.assignee ?? ''}
                          required
                          pattern="[A-Za-z0-9._:@\-]{1,64}"
                        />
                      </label>
                      <button type="submit">{t('assign')}</button>
                      <button type="button" onClick={() => void assign(me.key_id)} data-testid="assign-me">
                        {t('assign_me')}
                      </button>
                    </form>
                  </section>
                  <section className="card stack" aria-labelledby="case-h">
                    <h2 id="case-h">{t('make_case')}</h2>
                    <form className="stack" onSubmit={openCase}>
                      <label className="field">
                        {t('case_title')}
                        <input
                          name="title"
                          required
                          maxLength={200}
                          defaultValue={`${typologyName(a.typology, lang)} · ${walletId(a.focal_wallet)}`}
                        />
                      </label>
                      <label className="field">
                        {t('priority')}
                        <select name="priority" defaultValue="high">
                          {PRIORITIES.map((p) => (
                            <option key={p} value={p}>
                              {t(`p_${p}`)}
                            </option>
                          ))}
                        </select>
                      </label>
                      <button type="submit" className="primary" data-testid="create-case">
                        {t('create')}
                      </button>
                    </form>
                  </section>
                </div>
              ) : null}
              {a.case_id === null ? null : (
                <p className="notice">
                  <Link href={`/cases/${a.case_id}`}>{t('in_case', { id: a.case_id })}</Link>
                </p>
              )}
              <Reasons alert={a} />
              <section className="card stack" aria-labelledby="tx-h">
                <h2 id="tx-h">{t('alert_transfers')}</h2>
                {a.transfers.length === 0 ? (
                  <p className="muted">{t('no_transfers')}</p>
                ) : (
                  <Scroll label={t('alert_transfers')}>
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
                        {a.transfers.map((x) => (
                          <tr key={x.seq}>
                            <td>{time(x.at, lang)}</td>
                            <td className="mono">{walletId(x.from)}</td>
                            <td className="mono">{walletId(x.to)}</td>
                            <td className="num">{money(x.amount)}</td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  </Scroll>
                )}
              </section>
              {graph === null ? null : <FlowGraph graph={graph} onChange={setGraph} />}
              <WalletFactsTable wallets={ev.wallets} />
            </>
          );
        }}
      </Loadable>
    </div>
  );
}
