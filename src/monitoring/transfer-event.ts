/**
 * What monitoring sees of one committed payment. The live node builds these from the committed
 * journal (never from the ledger's in-memory state); the simulator and the AMLSim importer build the
 * same shape from datasets, so rules and backtests run unchanged on either.
 */
export type WalletKind = 'personal' | 'corporate' | 'merchant';

export interface PartyInfo {
  /** Wallet id as the API shows it. */
  readonly wallet: string;
  readonly operator: string;
  readonly kind: WalletKind;
  /** KYC category 1-4 for personal wallets, null otherwise. */
  readonly category: 1 | 2 | 3 | 4 | null;
  /** When the wallet was opened, ms since the epoch. */
  readonly opened_ms: number;
  /** Merchant category code (ISO 18245) for merchant wallets, when known. */
  readonly mcc?: string;
}

export interface TransferEvent {
  /** Position in the committed journal (or in the dataset); strictly increasing. */
  readonly seq: number;
  /** The client's transfer id. */
  readonly id: string;
  /** Commit time, ms since the epoch. */
  readonly ts_ms: number;
  readonly amount_fen: number;
  readonly currency: string;
  readonly from: PartyInfo;
  readonly to: PartyInfo;
  readonly memo?: string;
}
