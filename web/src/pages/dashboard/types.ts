/** One update of GET /v1/live/stats and the stream (src/stats/hub.ts LiveStats). */
export interface LiveStats {
  readonly at: string;
  readonly committed_seq: number;
  readonly lag_rows: number;
  readonly rates: {
    readonly window_s: number;
    readonly payments_per_s: number;
    readonly value_per_s: string;
    readonly series: { readonly start_s: number; readonly count: number[]; readonly value_fen: number[] };
  };
  readonly books: {
    readonly as_of_seq: number;
    readonly currency: string;
    readonly balanced: boolean;
    readonly operators: {
      readonly operator_id: string;
      readonly name: string;
      readonly currency: string;
      readonly in_circulation: string;
      readonly vault: string;
      readonly outstanding: string;
      readonly balanced: boolean;
    }[];
    readonly central_bank: {
      readonly currency: string;
      readonly outstanding: string;
      readonly operators_total: string;
      readonly balanced: boolean;
    }[];
    readonly by_holding: { readonly kind: HoldingKind; readonly amount: string; readonly wallets: number }[];
    readonly in_circulation: string;
  };
  readonly supervision: {
    readonly open_alerts: number;
    readonly open_by_typology: Record<string, number>;
    readonly alerts_in_case: number;
    readonly cases_open: number;
    readonly cases_escalated: number;
    readonly screening_pending: number;
    readonly large_value_today: number;
    readonly large_value_days: { readonly date: string; readonly total: number }[];
  } | null;
}

export type HoldingKind =
  | 'personal_1'
  | 'personal_2'
  | 'personal_3'
  | 'personal_4'
  | 'corporate'
  | 'merchant'
  | 'offline'
  | 'conditional';
