import { ApiError } from '../../api/client.ts';
import { money } from '../../format/index.ts';
import type { Translate } from '../../i18n/index.ts';
import type { WalletKey } from './i18n.ts';

/**
 * A refused payment in words a person understands, with the figures the node sends: over a limit says
 * the limit and what is left. `available` is the payer's spendable balance as last read.
 */
export function refusalText(error: unknown, t: Translate<WalletKey>, available: string | null): string {
  if (!(error instanceof ApiError)) return t('r_busy');
  const limit = money(error.figure('limit'));
  const remaining = money(error.figure('remaining'));
  switch (error.code) {
    case 'daily_limit_exceeded':
      return t('r_daily', { limit, remaining });
    case 'single_limit_exceeded':
      return t('r_single', { limit });
    case 'annual_limit_exceeded':
      return t('r_annual', { limit, remaining });
    case 'insufficient_funds':
      return t('r_funds', { available: money(available) });
    case 'balance_cap_exceeded':
    case 'family_cap_exceeded':
      return t('r_cap', { limit });
    case 'wallet_frozen':
      return t('r_frozen');
    case 'wallet_closed':
      return t('r_closed');
    case 'wallet_not_found':
    case 'wallet_id_invalid':
      return t('r_wallet');
    case 'qr_invalid':
      return t('r_qr');
    case 'same_account':
      return t('r_self');
    case 'queue_full':
    case 'rate_limited':
    case 'engine_stopped':
      return t('r_busy');
    default:
      return t('r_other', { detail: error.detail });
  }
}
