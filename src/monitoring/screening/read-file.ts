import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { ScreeningError } from './errors.ts';

/** Node's own error code, when it has one (ENOENT, EISDIR, EACCES). */
function systemCode(error: unknown): string {
  return typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : 'unknown';
}

export function unreadable(path: string, error: unknown): ScreeningError {
  return new ScreeningError('screening_file_unreadable', `cannot read the file (${systemCode(error)})`, path);
}

export async function fileSize(path: string): Promise<number> {
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new ScreeningError('screening_file_unreadable', 'not a regular file', path);
    return info.size;
  } catch (error) {
    if (error instanceof ScreeningError) throw error;
    throw unreadable(path, error);
  }
}

/** The first `bytes` bytes of a file as UTF-8 (a split multi-byte character at the end is harmless here). */
export async function readHead(path: string, bytes: number): Promise<string> {
  try {
    const handle = await open(path, 'r');
    try {
      const buffer = Buffer.alloc(bytes);
      const { bytesRead } = await handle.read(buffer, 0, bytes, 0);
      return buffer.subarray(0, bytesRead).toString('utf8');
    } finally {
      await handle.close();
    }
  } catch (error) {
    throw unreadable(path, error);
  }
}

/** UTF-8 text chunks of a file; decoding is stream-aware, so characters split across chunks survive. */
export async function* readChunks(path: string): AsyncGenerator<string> {
  const stream = createReadStream(path, { encoding: 'utf8', highWaterMark: 64 * 1024 });
  try {
    for await (const chunk of stream) yield chunk as string;
  } catch (error) {
    throw unreadable(path, error);
  } finally {
    stream.destroy();
  }
}

/**
 * Lines of a file without their line ends, numbered from 1, with a BOM at the start removed.
 * A line longer than `maxLineChars` is refused before it is fully buffered.
 */
export async function* readLines(
  path: string,
  maxLineChars: number,
  tooLong: (line: number) => ScreeningError,
): AsyncGenerator<{ line: number; text: string }> {
  let pending = '';
  let line = 0;
  let first = true;
  for await (let chunk of readChunks(path)) {
    if (first) {
      chunk = chunk.replace(/^\uFEFF/, '');
      first = false;
    }
    let start = 0;
    for (let end = chunk.indexOf('\n'); end >= 0; end = chunk.indexOf('\n', start)) {
      const text = pending + chunk.slice(start, end);
      pending = '';
      start = end + 1;
      line++;
      if (text.length > maxLineChars) throw tooLong(line);
      yield { line, text: text.endsWith('\r') ? text.slice(0, -1) : text };
    }
    pending += chunk.slice(start);
    if (pending.length > maxLineChars) throw tooLong(line + 1);
  }
  if (pending.length > 0)
    yield { line: line + 1, text: pending.endsWith('\r') ? pending.slice(0, -1) : pending };
}
