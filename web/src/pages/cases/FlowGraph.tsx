import cytoscape, { type Core } from 'cytoscape';
import { useEffect, useId, useRef, useState } from 'react';
import { ApiError, api } from '../../api/client.ts';
import type { Page, Transfer } from '../../api/types.ts';
import { usePrefs } from '../../app/prefs.tsx';
import { ErrorNote, Scroll } from '../../components/common.tsx';
import { money, time, walletId } from '../../format/index.ts';
import type { Lang } from '../../i18n/index.ts';
import { useT } from '../../i18n/index.ts';
import {
  EXPAND_TRANSFERS,
  expand,
  flowsOf,
  GRAPH_NODES_MAX,
  type FlowGraph as Graph,
} from './graph-model.ts';
import { CASES } from './i18n.ts';

const short = (id: string) => `${id.slice(0, 3)}…${id.slice(-5)}`;
const countWord = (n: number, lang: Lang) => (lang === 'zh-CN' ? `${n}笔` : `${n}×`);

/** "11-24 01:19" in the node's zone: short enough for an edge. */
function shortTime(iso: string, lang: Lang): string {
  return new Intl.DateTimeFormat(lang, {
    timeZone: 'Asia/Shanghai',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  }).format(new Date(iso));
}

/** When a flow happened: one time, or first–last (the last without its date when on the same day). */
function span(first: string, last: string, lang: Lang): string {
  const a = shortTime(first, lang);
  const b = shortTime(last, lang);
  if (a === b) return a;
  const sameDay = a.slice(0, 5) === b.slice(0, 5);
  return `${a}–${sameDay ? b.slice(-5) : b}`;
}

function elementsOf(graph: Graph, lang: Lang) {
  return [
    ...[...graph.nodes.values()].map((n) => ({
      data: { id: n.id, label: n.focal ? `★ ${short(n.id)}` : short(n.id) },
      classes: [n.focal ? 'focal' : '', n.expanded ? 'expanded' : ''].join(' '),
    })),
    ...[...graph.edges.values()].map((e) => ({
      data: {
        id: `${e.from}>${e.to}`,
        source: e.from,
        target: e.to,
        label: `${money(e.amount)} · ${countWord(e.count, lang)}\n${span(e.first_at, e.last_at, lang)}`,
      },
    })),
  ];
}

/**
 * The money-flow graph of an alert or a case: wallets and the flows between them, amounts, counts and
 * times on the edges. Any wallet can be expanded with its recent counterparties (its history, read
 * through the API like any other). The same flows are listed in a table for keyboards and screen readers.
 */
export function FlowGraph({ graph, onChange }: { graph: Graph; onChange: (g: Graph) => void }) {
  const t = useT(CASES);
  const { lang, elder } = usePrefs();
  const box = useRef<HTMLDivElement>(null);
  const cy = useRef<Core | null>(null);
  const [selected, setSelected] = useState<string>(
    () => [...graph.nodes.values()].find((n) => n.focal)?.id ?? '',
  );
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const selectId = useId();

  useEffect(() => {
    const el = box.current;
    if (el === null) return;
    const c = cytoscape({ container: el, minZoom: 0.2, maxZoom: 1.5, wheelSensitivity: 0.3 });
    c.on('tap', 'node', (e) => setSelected(e.target.id() as string));
    cy.current = c;
    return () => {
      c.destroy();
      cy.current = null;
    };
  }, []);

  useEffect(() => {
    const c = cy.current;
    if (c === null) return;
    const font = elder ? 18 : 11;
    c.elements().remove();
    c.add(elementsOf(graph, lang));
    c.style([
      {
        selector: 'node',
        style: {
          label: 'data(label)',
          'font-size': font,
          color: '#1b1b1f',
          'text-valign': 'bottom',
          'text-margin-y': 4,
          'background-color': '#ffffff',
          'border-width': 2,
          'border-color': '#1b1b1f',
          width: 26,
          height: 26,
        },
      },
      {
        selector: 'node.focal',
        style: { shape: 'star', 'background-color': '#b3261e', width: 40, height: 40, 'border-width': 3 },
      },
      { selector: 'node.expanded', style: { 'border-style': 'double', 'border-width': 5 } },
      {
        selector: `node[id = "${selected}"]`,
        style: { 'overlay-opacity': 0.15, 'overlay-color': '#0b57d0', 'border-color': '#0b57d0' },
      },
      {
        selector: 'edge',
        style: {
          label: 'data(label)',
          'font-size': font,
          'text-wrap': 'wrap',
          'text-background-color': '#ffffff',
          'text-background-opacity': 0.85,
          'text-rotation': 'autorotate',
          color: '#1b1b1f',
          width: 2,
          'line-color': '#575757',
          'target-arrow-color': '#575757',
          'target-arrow-shape': 'triangle',
          'curve-style': 'bezier',
        },
      },
    ]);
    c.layout({
      name: 'concentric',
      concentric: (n) => (n.hasClass('focal') ? 3 : n.hasClass('expanded') ? 2 : 1),
      levelWidth: () => 1,
      minNodeSpacing: elder ? 150 : 110,
      animate: false,
    }).run();
  }, [graph, lang, elder, selected]);

  const expandSelected = async () => {
    if (selected === '') return;
    setBusy(true);
    setError(null);
    try {
      const page = await api<Page<Transfer>>(`/v1/wallets/${selected}/transfers?limit=${EXPAND_TRANSFERS}`);
      onChange(expand(graph, selected, flowsOf(page.items)));
    } catch (e) {
      setError(e instanceof ApiError ? t('failed', { detail: e.detail }) : String(e));
    } finally {
      setBusy(false);
    }
  };

  const edges = [...graph.edges.values()];
  return (
    <section className="card stack" aria-labelledby="graph-h" data-testid="flow-graph">
      <h2 id="graph-h">{t('graph')}</h2>
      <p className="muted">{t('graph_help')}</p>
      <div className="row">
        <label htmlFor={selectId}>{t('selected', { id: '' })}</label>
        <select
          id={selectId}
          value={selected}
          onChange={(e) => setSelected(e.target.value)}
          data-testid="graph-select"
        >
          {[...graph.nodes.values()].map((n) => (
            <option key={n.id} value={n.id}>
              {walletId(n.id)}
              {n.focal ? t('focal_mark') : ''}
            </option>
          ))}
        </select>
        <button
          type="button"
          onClick={() => void expandSelected()}
          disabled={busy || selected === ''}
          data-testid="graph-expand"
        >
          {busy ? t('expanding') : t('expand', { id: short(selected) })}
        </button>
      </div>
      {error === null ? null : <ErrorNote>{error}</ErrorNote>}
      {graph.truncated === 0 ? null : (
        <p className="notice">{t('truncated', { max: GRAPH_NODES_MAX, n: graph.truncated })}</p>
      )}
      <div
        ref={box}
        className="graph"
        role="img"
        aria-label={t('graph_label', { nodes: graph.nodes.size, edges: graph.edges.size })}
        data-testid="graph-canvas"
        data-nodes={graph.nodes.size}
        data-edges={graph.edges.size}
      />
      <details open={elder ? undefined : true}>
        <summary>{t('edges')}</summary>
        <Scroll label={t('edges')}>
          <table data-testid="graph-edges">
            <thead>
              <tr>
                <th scope="col">{t('from')}</th>
                <th scope="col">{t('to')}</th>
                <th scope="col" className="num">
                  {t('amount')}
                </th>
                <th scope="col" className="num">
                  {t('count')}
                </th>
                <th scope="col">{t('first')}</th>
                <th scope="col">{t('last')}</th>
              </tr>
            </thead>
            <tbody>
              {edges.map((e) => (
                <tr key={`${e.from}>${e.to}`}>
                  <td className="mono">{walletId(e.from)}</td>
                  <td className="mono">{walletId(e.to)}</td>
                  <td className="num">{money(e.amount)}</td>
                  <td className="num">{e.count}</td>
                  <td>{time(e.first_at, lang)}</td>
                  <td>{time(e.last_at, lang)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </Scroll>
      </details>
    </section>
  );
}
