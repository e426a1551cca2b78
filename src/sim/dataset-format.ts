/**
 * The on-disk format of a labelled dataset (`tongbao simulate --out DIR`), read by `tongbao backtest`.
 *
 * DIR/manifest.json   DatasetManifest
 * DIR/wallets.csv     header `wallet,operator,kind,category,opened_ms,mcc`; category empty unless personal
 * DIR/transfers.csv   header `seq,id,ts_ms,from,to,amount_fen,currency,instance`; rows in seq order;
 *                     `instance` is the laundering instance id, empty for legitimate transfers
 * DIR/instances.csv   header `instance,typology,wallets,first_seq,last_seq`; wallets joined by `|`
 * DIR/exchanges.csv   optional, header `before_seq,ts_ms,wallet,amount_fen,reason`: the exchanges in
 *                     (bank deposit to e-CNY) that a replay on a node applies before transfer
 *                     `before_seq` so that no payment is refused; reason `opening` (the top-up when
 *                     the wallet is opened, ts_ms = its opened_ms, listed first) or `topup`
 *
 * Plain CSV (no quoting needed: no field may contain a comma, quote or newline) so that a million
 * rows stream in and out fast and any spreadsheet opens them.
 */
export const DATASET_FORMAT = 'tongbao-dataset';
export const DATASET_VERSION = 1;

export const DATASET_FILES = {
  manifest: 'manifest.json',
  wallets: 'wallets.csv',
  transfers: 'transfers.csv',
  instances: 'instances.csv',
  exchanges: 'exchanges.csv',
} as const;

export const WALLETS_HEADER = 'wallet,operator,kind,category,opened_ms,mcc';
export const TRANSFERS_HEADER = 'seq,id,ts_ms,from,to,amount_fen,currency,instance';
export const INSTANCES_HEADER = 'instance,typology,wallets,first_seq,last_seq';
export const EXCHANGES_HEADER = 'before_seq,ts_ms,wallet,amount_fen,reason';

export const TYPOLOGIES = [
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
] as const;

export type Typology = (typeof TYPOLOGIES)[number];

export interface DatasetManifest {
  readonly format: typeof DATASET_FORMAT;
  readonly version: typeof DATASET_VERSION;
  readonly seed: number;
  readonly wallets: number;
  readonly transfers: number;
  readonly laundering_transfers: number;
  readonly instances: number;
  readonly start_ms: number;
  readonly end_ms: number;
  readonly options: Readonly<Record<string, unknown>>;
}

export interface DatasetWallet {
  readonly wallet: string;
  readonly operator: string;
  readonly kind: 'personal' | 'corporate' | 'merchant';
  readonly category: 1 | 2 | 3 | 4 | null;
  readonly opened_ms: number;
  readonly mcc: string | null;
}

export interface DatasetTransfer {
  readonly seq: number;
  readonly id: string;
  readonly ts_ms: number;
  readonly from: string;
  readonly to: string;
  readonly amount_fen: number;
  readonly currency: string;
  /** Laundering instance id, or null for a legitimate transfer. */
  readonly instance: string | null;
}

export interface DatasetInstance {
  readonly instance: string;
  readonly typology: Typology;
  readonly wallets: readonly string[];
  readonly first_seq: number;
  readonly last_seq: number;
}

/** One row of the optional exchanges.csv. */
export interface DatasetExchange {
  readonly before_seq: number;
  readonly ts_ms: number;
  readonly wallet: string;
  readonly amount_fen: number;
  readonly reason: 'opening' | 'topup';
}
