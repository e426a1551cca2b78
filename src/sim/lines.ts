import { createReadStream } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';

/** Bytes read at a time; large reads are what make a million CSV rows stream fast. */
const READ_CHUNK_BYTES = 1 << 20;
/** Longest line accepted; a longer one means the file is not what it claims to be. */
export const LINE_MAX_CHARS = 1 << 20;

/** The lines of a UTF-8 text file (without their line ends), read in large chunks. */
export async function* readLines(path: string): AsyncGenerator<string, void, undefined> {
  const decoder = new StringDecoder('utf8');
  let rest = '';
  for await (const chunk of createReadStream(path, { highWaterMark: READ_CHUNK_BYTES })) {
    const text = rest + decoder.write(chunk as Buffer);
    const lines = text.split('\n');
    rest = lines.pop()!;
    if (rest.length > LINE_MAX_CHARS)
      throw new Error(`${path}: a line is longer than ${LINE_MAX_CHARS} characters`);
    for (const line of lines) yield line.endsWith('\r') ? line.slice(0, -1) : line;
  }
  rest += decoder.end();
  if (rest.length > 0) yield rest.endsWith('\r') ? rest.slice(0, -1) : rest;
}
