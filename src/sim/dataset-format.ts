/**
 * The on-disk format of a labelled dataset (`tongbao simulate --out DIR`), read by `tongbao backtest`.
 *
 * DIR/manifest.json   DatasetManifest
 * DIR/wallets.csv     header `wallet,operator,kind,category,opened_ms,mcc`; category empty unless personal
 * DIR/transfers.csv   header `seq,id,ts_ms,from,to,amount_fen,currency,instance`; rows in seq order;
 *                     `instance` is the laundering instance id, empty for legitimate transfers
 * DIR/instances.csv   header `instance,typology,wallets,first_seq,last_seq`; wallets joined by `|`
 *
 * Plain CSV (no quoting needed: no field may contain a comma, quote or newline) so that a million
 * rows stream in and out fast and any spreadsheet opens them.
 */
export const DATASET_FORMAT = 'tongbao-dataset';
export const DATASET_VERSION = 1;

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
