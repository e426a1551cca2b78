/**
 * Every error a client can see, with its HTTP status, defined in one place (Fastify-style coded errors).
 * Codes are part of the public contract: never rename one, add a new one instead.
 */
export const ERROR_CATALOG = {
  // request shape
  bad_request: { status: 400, title: 'The request is malformed' },
  malformed_json: { status: 400, title: 'The request body is not valid JSON' },
  headers_too_large: { status: 431, title: 'The request headers are larger than the limit' },
  validation_failed: { status: 400, title: 'The request does not match its schema' },
  body_too_large: { status: 413, title: 'The request body is larger than the limit' },
  batch_too_large: { status: 413, title: 'The batch holds more items than the limit' },
  unsupported_media_type: { status: 415, title: 'The request body must be application/json' },
  route_not_found: { status: 404, title: 'No such route' },
  path_param_too_long: { status: 414, title: 'A path parameter is longer than the limit' },
  method_not_allowed: { status: 405, title: 'Method not allowed on this route' },
  page_limit_invalid: { status: 400, title: 'The page limit is out of range' },
  cursor_invalid: { status: 400, title: 'The pagination cursor is not valid' },

  // amounts and currencies
  amount_invalid: { status: 422, title: 'The amount is not a decimal string' },
  amount_zero: { status: 422, title: 'The amount must be greater than zero' },
  amount_negative: { status: 422, title: 'The amount must not be negative' },
  amount_precision: { status: 422, title: 'The amount has more decimals than the currency allows' },
  amount_overflow: { status: 422, title: 'The amount exceeds the largest representable value' },
  currency_unknown: { status: 422, title: 'The currency is not configured on this node' },
  currency_mismatch: { status: 422, title: 'The accounts and the transfer are in different currencies' },

  // identifiers
  id_invalid: { status: 422, title: 'The id is not well formed' },
  id_conflict: { status: 409, title: 'The id was already used with a different body' },

  // operators and central bank
  operator_not_found: { status: 404, title: 'No such operator' },
  operator_exists: { status: 409, title: 'An operator with this id already exists' },
  operator_limit_reached: { status: 422, title: 'The node holds the maximum number of operators' },
  issuance_quota_exceeded: { status: 422, title: 'The issuance would exceed the operator quota' },
  reserve_insufficient: { status: 422, title: 'The operator reserve at the central bank is insufficient' },
  vault_insufficient: { status: 422, title: 'The operator vault holds too little e-CNY' },

  // wallets
  wallet_not_found: { status: 404, title: 'No such wallet' },
  wallet_id_invalid: { status: 422, title: 'The wallet id is not well formed (length or check digit)' },
  wallet_kind_invalid: { status: 422, title: 'The wallet kind is not allowed here' },
  category_invalid: { status: 422, title: 'The wallet category is not valid for this wallet' },
  category_balance_exceeds_cap: {
    status: 422,
    title: 'The balance exceeds the cap of the requested category',
  },
  wallet_closed: { status: 422, title: 'The wallet is closed' },
  wallet_frozen: { status: 422, title: 'The wallet is frozen' },
  wallet_not_empty: { status: 422, title: 'The wallet still holds funds or pending transfers' },
  wallet_already_closed: { status: 409, title: 'The wallet is already closed' },
  wallet_not_frozen: { status: 409, title: 'The wallet is not frozen' },
  account_limit_reached: { status: 422, title: 'The node holds the maximum number of accounts' },

  // transfers
  same_account: { status: 422, title: 'A transfer needs two different accounts' },
  insufficient_funds: { status: 422, title: 'The payer balance is insufficient' },
  balance_cap_exceeded: { status: 422, title: "The payment would exceed the payee wallet's balance cap" },
  single_limit_exceeded: { status: 422, title: 'The amount exceeds the single-payment limit' },
  daily_limit_exceeded: { status: 422, title: 'The payment would exceed the daily limit' },
  annual_limit_exceeded: { status: 422, title: 'The payment would exceed the annual limit' },
  balance_overflow: { status: 422, title: 'The balance would exceed the largest representable value' },
  timeout_invalid: { status: 422, title: 'timeout_s is only valid on pending transfers, within its range' },
  pending_limit_reached: { status: 503, title: 'Too many pending transfers are open' },
  transfer_not_found: { status: 404, title: 'No such transfer' },
  transfer_not_pending: { status: 409, title: 'The transfer is not a pending transfer' },
  pending_already_posted: { status: 409, title: 'The pending transfer was already posted' },
  pending_already_voided: { status: 409, title: 'The pending transfer was already voided' },
  pending_expired: { status: 409, title: 'The pending transfer expired and was voided' },
  post_amount_exceeds_pending: { status: 422, title: 'The posted amount exceeds the pending amount' },
  linked_event_failed: { status: 422, title: 'Another transfer of the linked batch failed' },

  // identities, roles and sessions (src/security)
  unauthenticated: { status: 401, title: 'The request carries no valid credentials' },
  credentials_expired: { status: 401, title: 'The key or session has expired' },
  credentials_revoked: { status: 401, title: 'The key or session has been revoked' },
  forbidden: { status: 403, title: 'The caller is not allowed to do this' },
  rate_limited: { status: 429, title: 'Too many requests for this key; retry after the indicated delay' },
  auth_busy: { status: 503, title: 'Too many unknown keys are being tried; retry after the indicated delay' },
  key_not_found: { status: 404, title: 'No such key' },
  key_scope_invalid: { status: 422, title: 'The role does not match the operator or wallets given' },
  session_key_required: {
    status: 422,
    title: 'A session is opened with an API key, not with another session',
  },

  // personal data and controlled anonymity
  holder_field_not_allowed: { status: 422, title: 'This wallet category does not keep this personal data' },
  holder_not_found: { status: 404, title: 'No personal data is kept for this wallet' },
  reveal_not_found: { status: 404, title: 'No such reveal request' },
  reveal_same_supervisor: {
    status: 409,
    title: 'A reveal must be approved by a second, different supervisor',
  },
  reveal_not_pending: { status: 409, title: 'The reveal request was already decided' },
  reveal_not_approved: { status: 409, title: 'The reveal request has not been approved' },
  reveal_expired: { status: 410, title: 'The reveal request or its approval has expired' },
  reveal_not_requester: {
    status: 403,
    title: 'Only the supervisor who asked may read the revealed identity',
  },

  // audit log
  audit_index_out_of_range: { status: 400, title: 'The audit entry index is outside the log' },
  audit_tree_size_invalid: { status: 400, title: 'The tree size is not a size of the log' },

  // supervision: alerts, cases, reports, screening (src/monitoring)
  alert_not_found: { status: 404, title: 'No such alert' },
  alert_in_case: { status: 409, title: 'The alert already belongs to another case' },
  alert_closed: { status: 409, title: 'The alert is closed' },
  case_not_found: { status: 404, title: 'No such case' },
  case_closed: { status: 409, title: 'The case is closed' },
  case_not_closed: { status: 409, title: 'The case is not closed' },
  case_full: { status: 422, title: 'The case holds the maximum number of alerts or attachments' },
  attachment_not_found: { status: 404, title: 'No such attachment' },
  attachment_too_large: { status: 413, title: 'The attachment is larger than the limit' },
  attachment_invalid: { status: 422, title: 'The attachment content is not valid base64' },
  report_date_invalid: { status: 400, title: 'The report day is not a valid YYYY-MM-DD date' },
  rule_set_not_found: { status: 404, title: 'No such rule set' },
  screening_hit_not_found: { status: 404, title: 'No such screening hit' },
  screening_hit_reviewed: { status: 409, title: 'The screening hit was already reviewed' },
  supervision_unavailable: { status: 503, title: 'Monitoring is not running on this node' },
  rule_set_invalid: { status: 422, title: 'The rule file breaks the rule-set schema' },
  rule_set_unreadable: { status: 422, title: 'The rule file cannot be read or is not JSON' },
  dataset_invalid: { status: 422, title: 'The dataset folder is not a readable dataset' },
  event_invalid: { status: 422, title: 'A transfer event handed to the monitor is malformed' },
  watchlist_invalid: { status: 422, title: 'The watch list breaks its format' },
  watchlist_format_unknown: { status: 415, title: 'The watch list is not FollowTheMoney JSON or UN XML' },
  watchlist_too_large: { status: 413, title: 'The watch list is larger than the limits' },
  screening_file_unreadable: { status: 400, title: 'A screening input file cannot be read' },
  screening_input_invalid: { status: 422, title: 'The names file is not a valid id,name CSV' },
  screening_input_too_large: { status: 413, title: 'The names file is larger than the limits' },
  screening_name_invalid: { status: 422, title: 'The name to screen is empty, too long or has no letters' },
  screening_threshold_invalid: { status: 422, title: 'The screening threshold is not a number from 0 to 1' },

  // payments: hard wallets, offline vouchers, conditions, schedules, merchant QR, sub-wallets (docs/payments.md)
  device_not_found: { status: 404, title: 'No such hard wallet device' },
  device_key_invalid: { status: 422, title: 'The device key is not an SM2 public key' },
  device_cap_invalid: { status: 422, title: 'The offline cap is out of range' },
  device_blocked: { status: 422, title: 'The device is blocked' },
  device_retired: { status: 422, title: 'The device is retired' },
  device_not_empty: { status: 422, title: 'The device still holds offline funds' },
  device_statement_invalid: { status: 422, title: 'The device statement does not verify' },
  device_counter_stale: { status: 409, title: 'The device counter is behind vouchers already settled' },
  offline_cap_exceeded: { status: 422, title: "The load would exceed the device's offline cap" },
  voucher_invalid: { status: 422, title: 'The offline voucher is malformed' },
  vouchers_too_many: { status: 413, title: 'Too many vouchers in one upload' },
  condition_not_found: { status: 404, title: 'No such condition' },
  condition_invalid: { status: 422, title: 'The condition is not valid' },
  condition_rule_invalid: { status: 422, title: 'The release rule is not valid' },
  condition_closed: { status: 409, title: 'The condition is already settled' },
  condition_not_party: { status: 403, title: 'This wallet may not act on the condition' },
  condition_action_invalid: { status: 422, title: 'The action does not apply to this condition' },
  condition_funds_insufficient: { status: 422, title: 'The condition holds less than the amount' },
  condition_not_allowed: { status: 422, title: 'These funds may not be spent at this payee' },
  schedule_not_found: { status: 404, title: 'No such schedule' },
  schedule_invalid: { status: 422, title: 'The schedule is not valid' },
  schedule_closed: { status: 409, title: 'The schedule is no longer active' },
  merchant_profile_invalid: { status: 422, title: 'The merchant profile is not valid' },
  merchant_profile_missing: { status: 404, title: 'The wallet has no merchant profile' },
  sub_wallet_invalid: { status: 422, title: 'The sub-wallet does not fit its parent' },
  sub_wallet_limit_invalid: { status: 422, title: "A sub-wallet limit exceeds its parent's" },
  family_cap_exceeded: { status: 422, title: "The payment would exceed the wallet family's balance cap" },
  payments_limit_reached: { status: 503, title: 'The node holds the maximum number of payments objects' },
  qr_invalid: { status: 422, title: 'The QR code cannot be paid' },

  // engine
  queue_full: { status: 503, title: 'The node is at capacity; retry after the indicated delay' },
  engine_stopped: { status: 503, title: 'The node is stopping or has stopped accepting commands' },
  internal_error: { status: 500, title: 'Internal error' },
} as const satisfies Record<string, { status: number; title: string }>;

export type ErrorCode = keyof typeof ERROR_CATALOG;

export function errorStatus(code: ErrorCode): number {
  return ERROR_CATALOG[code].status;
}
