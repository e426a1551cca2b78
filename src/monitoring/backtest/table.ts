import type { BacktestResult } from './run.ts';

const pct = (x: number): string => x.toFixed(3);

function row(cells: readonly string[], widths: readonly number[]): string {
  return cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
}

/** A plain-text summary of a backtest, one typology per line, then transfer and account figures. */
export function formatTable(r: BacktestResult): string {
  const head = [
    'typology',
    'instances',
    'detected',
    'any',
    'recall',
    'tx_recall',
    'alerts',
    'precision',
    'prec_any',
    'f1',
  ];
  const labelled = r.data.instances > 0;
  const rows = Object.entries(r.typologies).map(([name, t]) => [
    name,
    String(t.instances),
    String(t.detected),
    String(t.detected_any),
    t.instances > 0 ? pct(t.recall) : '-',
    t.instances > 0 ? pct(t.transfer_recall) : '-',
    String(t.alerts),
    labelled ? pct(t.precision) : '-',
    labelled ? pct(t.precision_any) : '-',
    t.instances > 0 ? pct(t.f1) : '-',
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((x) => x[i]!.length)));
  const lines = [
    `backtest ${r.rule_set.id} v${r.rule_set.version} on ${r.data.format} ${r.data.dir}`,
    `${r.data.transfers} transfers, ${r.data.accounts} accounts, ${r.data.instances} instances`,
    '',
    row(head, widths),
    ...rows.map((x) => row(x, widths)),
    '',
  ];
  const t = r.transfers;
  lines.push(
    t
      ? `transfers: precision ${pct(t.precision)} recall ${pct(t.recall)} f1 ${pct(t.f1)} (${t.named} named, ${t.laundering} laundering)`
      : 'transfers: not labelled in this data',
  );
  const a = r.accounts;
  lines.push(
    `accounts:  precision ${pct(a.precision)} recall ${pct(a.recall)} f1 ${pct(a.f1)} (${a.flagged} flagged, ${a.laundering} laundering)`,
    `alerts: ${r.alerts} suspicious (${r.alert_revisions} revisions incl. reports), ${r.large_value_reports} large-value reports`,
    `speed: ${r.transfers_per_s} transfers/s in the monitor, ${r.end_to_end_transfers_per_s} end to end`,
    '',
  );
  return lines.join('\n');
}
