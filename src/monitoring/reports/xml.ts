import { readFileSync } from 'node:fs';

/** The namespace and version of Tongbao's supervision reports (supervision-reports.xsd). */
export const REPORTS_NAMESPACE = 'https://tongbao.dev/schemas/supervision-reports/1';
export const REPORTS_VERSION = '1';
export const REPORTS_XSD_PATH = new URL('./supervision-reports.xsd', import.meta.url);
export const XML_MEDIA_TYPE = 'application/xml';

let xsd: string | null = null;
/** The schema the reports validate against (served by the node beside them). */
export function reportsXsd(): string {
  xsd ??= readFileSync(REPORTS_XSD_PATH, 'utf8');
  return xsd;
}

/**
 * Free text written by people, made safe for XML 1.0: characters it cannot carry at all (C0 controls
 * other than tab, newline and return; U+FFFE and U+FFFF; lone surrogates) become U+FFFD rather than
 * failing the export, and the text is cut to `max` characters.
 */
export function xmlText(text: string, max = 4_000): string {
  const out: string[] = [];
  // Iterating a string yields whole code points, and a lone surrogate on its own.
  for (const ch of text) {
    if (out.length >= max) break;
    const c = ch.codePointAt(0)!;
    const bad =
      (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) ||
      c === 0xfffe ||
      c === 0xffff ||
      (c >= 0xd800 && c <= 0xdfff);
    out.push(bad ? '\uFFFD' : ch);
  }
  return out.join('');
}

/** A number as xs:decimal (no exponent, at most 6 decimals). */
export function decimal(n: number): string {
  if (!Number.isFinite(n)) throw new RangeError(`${n} is not a decimal`);
  if (Number.isInteger(n) && Math.abs(n) < 1e21) return n.toFixed(0);
  const s = n.toFixed(6).replace(/0+$/, '').replace(/\.$/, '');
  return s === '-0' ? '0' : s;
}
