import { ScreeningError } from './errors.ts';
import { MAX_CSV_FIELD_CHARS } from './limits.ts';

/**
 * RFC 4180 records from text fed in chunks: fields in double quotes may hold commas, line breaks and
 * doubled quotes (""). A byte-order mark at the start is dropped; CR before LF is ignored. Memory holds
 * one record at a time, each field bounded by MAX_CSV_FIELD_CHARS.
 */
export class CsvReader {
  private field = '';
  private record: string[] = [];
  private quoted = false;
  /** Inside quotes right after a quote: either the closing quote or the first half of "". */
  private quoteSeen = false;
  /** The current field began with a quote (so it is a quoted field, even if now closed). */
  private fieldWasQuoted = false;
  private started = false;
  private line = 1;
  private recordLine = 1;

  constructor(private readonly source: string) {}

  private fail(detail: string): never {
    throw new ScreeningError('screening_input_invalid', detail, `${this.source}:${this.line}`);
  }

  private endField(): void {
    this.record.push(this.field);
    this.field = '';
    this.fieldWasQuoted = false;
  }

  private append(char: string): void {
    if (this.field.length >= MAX_CSV_FIELD_CHARS) {
      throw new ScreeningError(
        'screening_input_too_large',
        `a field is longer than ${MAX_CSV_FIELD_CHARS} characters`,
        `${this.source}:${this.line}`,
      );
    }
    this.field += char;
  }

  /** Records completed by this chunk, each with the line it started on. */
  push(chunk: string): { line: number; fields: string[] }[] {
    const out: { line: number; fields: string[] }[] = [];
    let text = chunk;
    if (!this.started) {
      text = text.replace(/^\uFEFF/, '');
      this.started = true;
    }
    for (const char of text) {
      if (this.quoted) {
        if (this.quoteSeen) {
          this.quoteSeen = false;
          if (char === '"') {
            this.append('"');
            continue;
          }
          this.quoted = false;
        } else {
          if (char === '"') this.quoteSeen = true;
          else {
            if (char === '\n') this.line++;
            this.append(char);
          }
          continue;
        }
      }
      if (char === ',') this.endField();
      else if (char === '\n') {
        this.endField();
        out.push({ line: this.recordLine, fields: this.record });
        this.record = [];
        this.line++;
        this.recordLine = this.line;
      } else if (char === '\r') {
        // CR of a CRLF line end.
      } else if (char === '"') {
        if (this.field.length > 0 || this.fieldWasQuoted) this.fail('a quote may only open a field');
        this.quoted = true;
        this.fieldWasQuoted = true;
      } else {
        if (this.fieldWasQuoted) this.fail('text after a closing quote');
        this.append(char);
      }
    }
    return out;
  }

  /** The last record, if the text did not end with a line break. */
  end(): { line: number; fields: string[] }[] {
    if (this.quoted && !this.quoteSeen) this.fail('a quoted field is never closed');
    if (this.field.length === 0 && this.record.length === 0 && !this.fieldWasQuoted) return [];
    this.endField();
    const last = { line: this.recordLine, fields: this.record };
    this.record = [];
    return [last];
  }
}
