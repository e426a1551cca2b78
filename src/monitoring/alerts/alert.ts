/**
 * What the monitor hands to the node: a self-explaining alert. An alert is emitted when it opens
 * (revision 1) and again, under the same id, whenever later activity adds transfers or reasons to it
 * (revision 2, 3, ...); the node upserts by id and keeps the highest revision.
 */
import { createHash } from 'node:crypto';
import type { Crossed } from '../detectors/detector.ts';

export type AlertKind = 'suspicious' | 'large_value_report';

export interface AlertTransfer {
  readonly id: string;
  readonly seq: number;
  readonly ts_ms: number;
  readonly from: string;
  readonly to: string;
  readonly amount_fen: number;
}

export interface AlertReason {
  readonly rule_id: string;
  readonly rule_version: number;
  readonly rule_type: string;
  readonly weight: number;
  /** Thresholds the rule crossed, with the values observed when it last fired. */
  readonly crossed: readonly Crossed[];
}

export interface Alert {
  /** Stable: derived from kind, typology, focal wallet, period and first transfer (see alertId). */
  readonly id: string;
  readonly kind: AlertKind;
  readonly typology: string;
  readonly revision: number;
  readonly rule_set: string;
  readonly rule_set_version: number;
  readonly focal_wallet: string;
  /** Start of the merge period (local time) the alert belongs to. */
  readonly period_start_ms: number;
  /** Highest typology score reached, and the threshold it crossed. */
  readonly score: number;
  readonly threshold: number;
  readonly reasons: readonly AlertReason[];
  /** Transfers named, in seq order; at most max_transfers_per_alert. */
  readonly transfers: readonly AlertTransfer[];
  /** True when the rules named more transfers than the alert keeps. */
  readonly transfers_truncated: boolean;
  /** Focal wallet first, then the other wallets involved, sorted. */
  readonly wallets: readonly string[];
  readonly first_seq: number;
  readonly last_seq: number;
  readonly first_ts_ms: number;
  readonly last_ts_ms: number;
  /** Seq of the transfer whose processing produced this revision. */
  readonly trigger_seq: number;
}

/**
 * `al_` + 24 hex digits of SHA-256 over kind, typology, focal wallet, merge period and first transfer id:
 * replaying the same journal reproduces the same id, so the node can dedupe what it already persisted.
 * The period is part of it because an alert in the next period may start from the same transfer.
 */
export function alertId(
  kind: AlertKind,
  typology: string,
  focal: string,
  period_start_ms: number,
  firstTransferId: string,
): string {
  const h = createHash('sha256');
  h.update(`${kind}\u0000${typology}\u0000${focal}\u0000${period_start_ms}\u0000${firstTransferId}`);
  return `al_${h.digest('hex').slice(0, 24)}`;
}
