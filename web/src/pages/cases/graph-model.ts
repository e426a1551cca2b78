import type { GraphEdge, Transfer } from '../../api/types.ts';
import { compareAmounts } from '../../format/index.ts';

/** Wallets a graph holds at most; an expansion past it adds what fits and says so. */
export const GRAPH_NODES_MAX = 150;
/** Transfers read to expand one wallet (its most recent, one page of the history API). */
export const EXPAND_TRANSFERS = 100;

export interface FlowNode {
  readonly id: string;
  readonly focal: boolean;
  readonly expanded: boolean;
}

export interface FlowGraph {
  readonly nodes: ReadonlyMap<string, FlowNode>;
  readonly edges: ReadonlyMap<string, GraphEdge>;
  /** Counterparties left out because the graph was full. */
  readonly truncated: number;
}

const key = (from: string, to: string) => `${from}>${to}`;

function addAmounts(a: string, b: string): string {
  const fen = (s: string) => {
    const [w = '0', f = ''] = s.split('.');
    return BigInt(w) * 100n + BigInt(f.padEnd(2, '0').slice(0, 2));
  };
  const sum = fen(a) + fen(b);
  return `${sum / 100n}.${String(sum % 100n).padStart(2, '0')}`;
}

export function initialGraph(
  nodes: readonly { id: string; focal: boolean }[],
  edges: readonly GraphEdge[],
): FlowGraph {
  return {
    nodes: new Map(nodes.map((n) => [n.id, { id: n.id, focal: n.focal, expanded: false }])),
    edges: new Map(edges.map((e) => [key(e.from, e.to), e])),
    truncated: 0,
  };
}

/** Flows between wallets from a wallet's transfers: one edge per direction and pair, summed. */
export function flowsOf(transfers: readonly Transfer[]): GraphEdge[] {
  const out = new Map<string, GraphEdge>();
  for (const x of transfers) {
    if (x.kind !== 'transfer' || x.status !== 'posted') continue;
    const k = key(x.from, x.to);
    const e = out.get(k);
    out.set(
      k,
      e === undefined
        ? {
            from: x.from,
            to: x.to,
            count: 1,
            amount: x.amount,
            first_at: x.created_at,
            last_at: x.created_at,
          }
        : {
            ...e,
            count: e.count + 1,
            amount: addAmounts(e.amount, x.amount),
            first_at: x.created_at < e.first_at ? x.created_at : e.first_at,
            last_at: x.created_at > e.last_at ? x.created_at : e.last_at,
          },
    );
  }
  return [...out.values()];
}

/**
 * Adds a wallet's flows to the graph. A flow already drawn is kept unless the new one covers more
 * transfers (an alert's evidence and a wallet's recent history can both hold it); new wallets are
 * added up to GRAPH_NODES_MAX.
 */
export function expand(graph: FlowGraph, wallet: string, flows: readonly GraphEdge[]): FlowGraph {
  const nodes = new Map(graph.nodes);
  const edges = new Map(graph.edges);
  let truncated = graph.truncated;
  const self = nodes.get(wallet);
  if (self !== undefined) nodes.set(wallet, { ...self, expanded: true });
  for (const f of flows) {
    for (const id of [f.from, f.to]) {
      if (nodes.has(id)) continue;
      if (nodes.size >= GRAPH_NODES_MAX) continue;
      nodes.set(id, { id, focal: false, expanded: false });
    }
    if (!nodes.has(f.from) || !nodes.has(f.to)) {
      truncated += 1;
      continue;
    }
    const k = key(f.from, f.to);
    const had = edges.get(k);
    if (
      had === undefined ||
      f.count > had.count ||
      (f.count === had.count && compareAmounts(f.amount, had.amount) > 0)
    )
      edges.set(k, f);
  }
  return { nodes, edges, truncated };
}
