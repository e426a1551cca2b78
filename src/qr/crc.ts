/**
 * CRC-16/CCITT-FALSE: polynomial 0x1021, initial value 0xFFFF, no reflection, no final XOR. EMV QRCPS names
 * it through ISO/IEC 13239 and computes it over the payload up to and including the "6304" that introduces
 * the checksum value.
 */
const POLYNOMIAL = 0x1021;
const INITIAL = 0xffff;

const TABLE: Uint16Array = (() => {
  const table = new Uint16Array(256);
  for (let byte = 0; byte < 256; byte++) {
    let crc = byte << 8;
    for (let bit = 0; bit < 8; bit++) {
      crc = crc & 0x8000 ? ((crc << 1) ^ POLYNOMIAL) & 0xffff : (crc << 1) & 0xffff;
    }
    table[byte] = crc;
  }
  return table;
})();

export function crc16CcittFalse(bytes: Uint8Array): number {
  let crc = INITIAL;
  for (const byte of bytes) {
    crc = ((crc << 8) & 0xffff) ^ TABLE[((crc >> 8) ^ byte) & 0xff]!;
  }
  return crc;
}

const encoder = new TextEncoder();

/**
 * The checksum of `text` as EMV writes it: four uppercase hex digits. The text is hashed as UTF-8, which is
 * what a QR code in byte mode carries; the caller guarantees it holds no lone surrogate (TextEncoder would
 * silently replace one with U+FFFD and two different strings would share a checksum).
 */
export function crcHex(text: string): string {
  return crc16CcittFalse(encoder.encode(text)).toString(16).toUpperCase().padStart(4, '0');
}
