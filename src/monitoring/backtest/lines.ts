/**
 * Streams a text file line by line in fixed-size chunks, synchronously, so a backtest over millions of
 * rows holds one chunk in memory, not the file.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { MonitoringError } from '../errors.ts';

/** Bytes read per chunk. */
export const CHUNK_BYTES = 4 * 1024 * 1024;
/** Longest line accepted: a row of a dataset is short; a file without newlines is not a dataset. */
export const MAX_LINE_BYTES = 1024 * 1024;

/** Calls `onLine(line, lineNo)` for every line (without the newline; `\r\n` tolerated); 1-based. */
export function forEachLine(
  path: string,
  onLine: (line: string, lineNo: number) => void,
  chunkBytes = CHUNK_BYTES,
): void {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.allocUnsafe(chunkBytes);
    let carry: Buffer = Buffer.alloc(0);
    let lineNo = 0;
    for (;;) {
      const got = readSync(fd, buf, 0, chunkBytes, null);
      if (got === 0) break;
      // Cut at the last newline so a multi-byte character is never split across chunks.
      let end = got;
      while (end > 0 && buf[end - 1] !== 0x0a) end--;
      if (end === 0) {
        carry = Buffer.concat([carry, buf.subarray(0, got)]);
        if (carry.length > MAX_LINE_BYTES) {
          throw new MonitoringError(
            'dataset_invalid',
            `${path}: a line is longer than ${MAX_LINE_BYTES} bytes`,
          );
        }
        continue;
      }
      const text = Buffer.concat([carry, buf.subarray(0, end)]).toString('utf8');
      carry = Buffer.from(buf.subarray(end, got));
      let start = 0;
      for (;;) {
        const nl = text.indexOf('\n', start);
        if (nl < 0) break;
        const stop = nl > start && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
        onLine(text.slice(start, stop), ++lineNo);
        start = nl + 1;
      }
    }
    if (carry.length > 0) {
      const last = carry.toString('utf8');
      onLine(last.endsWith('\r') ? last.slice(0, -1) : last, ++lineNo);
    }
  } finally {
    closeSync(fd);
  }
}
