/** C0 control characters and DEL: never wanted in ids, labels or reasons (and a NUL breaks PostgreSQL). */
export function hasControlCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) return true;
  }
  return false;
}

/** The same, percent-encoded in a URL (%00-%1F, %7F), or raw. */
export function urlHasControlCharacter(url: string): boolean {
  return /%(?:[01][0-9a-f]|7f)/i.test(url) || hasControlCharacter(url);
}
