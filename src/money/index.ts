export {
  AMOUNT_MAX_MINOR,
  AMOUNT_STRING_MAX_LENGTH,
  addChecked,
  formatAmount,
  parseAmount,
} from './amount.ts';
export { CURRENCY_CODE_PATTERN, type Currency, DEFAULT_CURRENCY } from './currency.ts';
