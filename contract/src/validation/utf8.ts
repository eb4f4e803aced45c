/** UTF-8 sizes of JavaScript strings, without `Buffer` or `TextEncoder`. */

/**
 * Bytes `text` takes in UTF-8. A lone surrogate counts three bytes, as it becomes U+FFFD when
 * encoded — the same figure `Buffer.byteLength` gives.
 */
export function utf8ByteLength(text: string): number {
  let bytes = 0;
  const units = text.length;
  for (let i = 0; i < units; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < units) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        bytes += 4;
        i++;
      } else bytes += 3;
    } else bytes += 3;
  }
  return bytes;
}

/**
 * Whether `text` is longer than `limit` bytes in UTF-8; scans only when the UTF-16 length alone
 * cannot tell (every unit takes one to three bytes).
 */
export function exceedsUtf8Bytes(text: string, limit: number): boolean {
  if (text.length > limit) return true;
  if (text.length * 3 <= limit) return false;
  return utf8ByteLength(text) > limit;
}
