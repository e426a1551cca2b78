/** What the console reads from the API (the OpenAPI document at /openapi.json is the reference). */

export type Role = 'central_bank' | 'operator' | 'merchant' | 'holder' | 'supervisor' | 'auditor' | 'admin';

export interface Me {
  readonly key_id: string;
  readonly kind: 'key' | 'session';
  readonly role: Role;
  readonly operator_id: string | null;
  readonly wallets: string[];
  readonly expires_at: string | null;
  readonly permissions: string[];
}

export interface Limits {
  readonly balance_cap: string | null;
  readonly single_payment: string | null;
  readonly daily_total: string | null;
  readonly annual_total: string | null;
}

export interface Wallet {
  readonly id: string;
  readonly operator_id: string;
  readonly kind: 'personal' | 'corporate' | 'merchant';
  readonly category: number | null;
  readonly currency: string;
  readonly status: 'active' | 'frozen_out' | 'frozen_all' | 'closed';
  readonly balance: string;
  readonly available: string;
  readonly pending_out: string;
  readonly pending_in: string;
  readonly opened_at: string;
  readonly limits: Limits;
  readonly used: { readonly today: string; readonly this_year: string };
  readonly remaining: {
    readonly today: string | null;
    readonly this_year: string | null;
    readonly balance_room: string | null;
  };
}

export interface WalletList {
  readonly items: Wallet[];
  readonly next_cursor: string | null;
  readonly scanned: number;
}

export interface Transfer {
  readonly id: string;
  readonly kind: string;
  readonly from: string;
  readonly to: string;
  readonly amount: string;
  readonly currency: string;
  readonly status: string;
  readonly created_at: string;
  readonly seq: number;
  readonly memo?: string;
}

export interface Page<T> {
  readonly items: T[];
  readonly next_cursor: string | null;
}

export interface OperatorCurrency {
  readonly currency: string;
  readonly reserve: string;
  readonly vault: string;
  readonly issued: string;
  readonly redeemed: string;
  readonly outstanding: string;
  readonly wallets: string;
  readonly balanced: boolean;
}

export interface Operator {
  readonly id: string;
  readonly name: string;
  readonly created_at: string;
  readonly issuance_quota: string;
  readonly currencies: OperatorCurrency[];
}

export interface Freeze {
  readonly event_id: number;
  readonly at: string;
  readonly type: 'frozen' | 'unfrozen';
  readonly mode?: string;
  readonly reason: string;
  readonly reference: string | null;
}

export interface AlertSummary {
  readonly id: string;
  readonly kind: string;
  readonly typology: string;
  readonly status: string;
  readonly focal_wallet: string;
  readonly score: number;
  readonly threshold: number;
  readonly first_at: string;
  readonly last_at: string;
  readonly raised_at: string;
  readonly transfer_count: number;
  readonly wallet_count: number;
  readonly amount: string;
  readonly case_id: string | null;
  readonly assignee: string | null;
  readonly disposition: string | null;
}

export interface AlertView extends AlertSummary {
  readonly rule_set: string;
  readonly reasons: {
    readonly rule_id: string;
    readonly rule_type: string;
    readonly weight: number;
    readonly crossed: {
      readonly name: string;
      readonly observed: number;
      readonly op: string;
      readonly threshold: number;
    }[];
  }[];
  readonly transfers: { id: string; seq: number; at: string; from: string; to: string; amount: string }[];
  readonly wallets: string[];
}

export interface GraphEdge {
  readonly from: string;
  readonly to: string;
  readonly count: number;
  readonly amount: string;
  readonly first_at: string;
  readonly last_at: string;
}

export interface Evidence {
  readonly alert: AlertView;
  readonly wallets: {
    readonly id: string;
    readonly kind: string;
    readonly category: number | null;
    readonly operator_id: string;
    readonly status: string;
    readonly focal: boolean;
  }[];
  readonly graph: {
    readonly nodes: { id: string; focal: boolean; kind: string }[];
    readonly edges: GraphEdge[];
  };
}

export interface CaseEvent {
  readonly id: number;
  readonly at: string;
  readonly actor: string;
  readonly type: string;
  readonly details: Record<string, unknown>;
}

export interface CaseSummary {
  readonly id: string;
  readonly title: string;
  readonly status: string;
  readonly priority: string;
  readonly assignee: string | null;
  readonly escalation_level: number;
  readonly disposition: string | null;
  readonly alert_count: number;
  readonly created_at: string;
  readonly updated_at: string;
}

export interface CaseView extends CaseSummary {
  readonly description: string;
  readonly alerts: AlertSummary[];
  readonly history: CaseEvent[];
}

export interface QrView {
  readonly payload: string;
  readonly kind: 'merchant' | 'receive';
  readonly dynamic: boolean;
  readonly wallet_id: string;
}

export interface QrParsed {
  readonly wallet_id: string;
  readonly amount: string | null;
  readonly dynamic: boolean;
  readonly merchant_name: string;
  readonly merchant_name_local: string | null;
  readonly reference_prompt: boolean;
  readonly registered: { readonly name: string; readonly name_zh?: string | null } | null;
}
