import { readFile } from 'node:fs/promises';
import type { LoadReport } from './entity-builder.ts';
import { ScreeningError } from './errors.ts';
import { readFtmFile } from './ftm.ts';
import { FORMAT_SNIFF_BYTES, MAX_UN_XML_BYTES } from './limits.ts';
import { fileSize, readHead, unreadable } from './read-file.ts';
import type { WatchlistEntity } from './types.ts';
import { parseUnXml } from './un-xml.ts';

export type WatchlistFormat = 'ftm' | 'un-xml';

/** Recognises a list by its first bytes, whatever the file is called. */
export function detectFormat(head: string): WatchlistFormat | null {
  const start = head.replace(/^\uFEFF/, '').trimStart();
  if (start.startsWith('{')) return 'ftm';
  if (!start.startsWith('<')) return null;
  const body = start
    .replace(/^<\?xml[^>]*\?>/, '')
    .replace(/<!--[\s\S]*?-->/g, '')
    .trimStart();
  return body.startsWith('<CONSOLIDATED_LIST') ? 'un-xml' : null;
}

/** Loads a FollowTheMoney JSON lines file or a UN consolidated list XML, told apart by content. */
export async function loadWatchlistReport(path: string): Promise<LoadReport> {
  const size = await fileSize(path);
  const format = detectFormat(await readHead(path, FORMAT_SNIFF_BYTES));
  if (format === null) {
    throw new ScreeningError(
      'watchlist_format_unknown',
      'expected FollowTheMoney JSON lines or a UN consolidated list XML',
      path,
    );
  }
  if (format === 'ftm') return readFtmFile(path);
  if (size > MAX_UN_XML_BYTES) {
    throw new ScreeningError(
      'watchlist_too_large',
      `XML lists are read whole, up to ${MAX_UN_XML_BYTES} bytes`,
      path,
    );
  }
  let xml: string;
  try {
    xml = await readFile(path, 'utf8');
  } catch (error) {
    throw unreadable(path, error);
  }
  return parseUnXml(xml, path);
}

/** The entities of a watch list file; see loadWatchlistReport for what was skipped. */
export async function loadWatchlist(path: string): Promise<readonly WatchlistEntity[]> {
  return (await loadWatchlistReport(path)).entities;
}
