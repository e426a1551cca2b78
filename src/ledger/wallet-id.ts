/**
 * Wallet ids are 16 digits, like the wallet numbers e-CNY apps show: 3 digits of operator number, 12 of
 * account number, and a Luhn check digit so that a mistyped id is told apart from an unknown one. The
 * account number is read straight from the id, so no lookup table is needed for a million wallets.
 */
export const WALLET_ID_LENGTH = 16;
const ACCOUNT_DIGITS = 12;
const OPERATOR_DIGITS = 3;

function luhnDigit(body: string): number {
  let sum = 0;
  // Double every second digit counting from the right of the body (the check digit will sit after it).
  for (let i = body.length - 1, double = true; i >= 0; i -= 1, double = !double) {
    let d = body.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
}

export function formatWalletId(operatorNum: number, accountNum: number): string {
  const body =
    String(operatorNum).padStart(OPERATOR_DIGITS, '0') + String(accountNum).padStart(ACCOUNT_DIGITS, '0');
  if (body.length !== WALLET_ID_LENGTH - 1) throw new RangeError(`wallet number out of range: ${body}`);
  return body + String(luhnDigit(body));
}

export type ParsedWalletId = { operator: number; account: number } | null;

/** Returns the operator and account numbers, or null if the text is not a well-formed wallet id. */
export function parseWalletId(text: unknown): ParsedWalletId {
  if (typeof text !== 'string' || text.length !== WALLET_ID_LENGTH) return null;
  // One pass over the digits: the numbers and the Luhn sum together, without slicing (hot path).
  let operator = 0;
  let account = 0;
  let sum = 0;
  for (let i = 0; i < WALLET_ID_LENGTH; i += 1) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return null;
    if (i < OPERATOR_DIGITS) operator = operator * 10 + d;
    else if (i < OPERATOR_DIGITS + ACCOUNT_DIGITS) account = account * 10 + d;
    // Counting from the right with the check digit at position 0: double the odd positions.
    if ((WALLET_ID_LENGTH - 1 - i) % 2 === 1) sum += d * 2 > 9 ? d * 2 - 9 : d * 2;
    else sum += d;
  }
  return sum % 10 === 0 ? { operator, account } : null;
}
