import { TongbaoError } from '../../errors/index.ts';

/**
 * Keyset pagination: a page's cursor is the sort value and id of its last item, base64url JSON, so a
 * page is an index range scan however deep the client pages, and items raised meanwhile neither shift
 * nor repeat what follows.
 */
export function encodeCursor(value: number | string, id: string): string {
  return Buffer.from(JSON.stringify([value, id])).toString('base64url');
}

export function decodeCursor(cursor: string): { value: number | string; id: string } {
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (
      Array.isArray(v) &&
      v.length === 2 &&
      (typeof v[0] === 'number' || typeof v[0] === 'string') &&
      typeof v[1] === 'string'
    )
      return { value: v[0], id: v[1] };
  } catch {
    // fall through to the refusal
  }
  throw new TongbaoError('cursor_invalid', 'the cursor is not one this list returned', 'cursor');
}

/** A cursor of a list sorted by a number (a time, a score) then id; cursor_invalid for any other. */
export function decodeNumericCursor(cursor: string): { value: number; id: string } {
  const c = decodeCursor(cursor);
  if (typeof c.value !== 'number')
    throw new TongbaoError('cursor_invalid', 'the cursor is not one this list returned', 'cursor');
  return { value: c.value, id: c.id };
}

/**
 * The page out of `rows` fetched with `limit + 1` (the extra row only says there is more), presented,
 * with the cursor after its last row.
 */
export function keysetPage<R extends { readonly id: string }, P>(
  rows: readonly R[],
  limit: number,
  present: (row: R) => P,
  sortValue: (row: R) => number,
): { items: P[]; next_cursor: string | null } {
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    items: page.map(present),
    next_cursor: rows.length > limit && last !== undefined ? encodeCursor(sortValue(last), last.id) : null,
  };
}

export function pageLimitOf(raw: number | undefined, max: number, def = 50): number {
  const limit = raw ?? Math.min(def, max);
  if (!(Number.isInteger(limit) && limit >= 1 && limit <= max))
    throw new TongbaoError('page_limit_invalid', `limit must be 1-${max}`, 'limit');
  return limit;
}

/** An ISO 8601 time in a query, as ms. */
export function timeParam(raw: string | undefined, field: string): number | undefined {
  if (raw === undefined) return undefined;
  const ms = Date.parse(raw);
  if (!Number.isFinite(ms))
    throw new TongbaoError('validation_failed', `${field} is not an ISO 8601 time`, field);
  return ms;
}
