/**
 * Validation of a message's raw bytes (the Cloud Function path): size first, then strict UTF-8
 * decoding, then the shared text validation. Node only; the Dataflow UDF receives text.
 */
import { Buffer, isAscii } from 'node:buffer';
import type { ValidationResult } from '../validate.js';
import { MAX_MESSAGE_BYTES } from '../vocabulary.js';
import { rejectWhole, tooLarge, validateDecodedText, validateText } from './validate.js';

// ignoreBOM keeps a leading BOM in the text, so it is reported instead of silently dropped.
const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Decodes strict UTF-8 (a leading BOM kept as U+FEFF); null when the bytes are not UTF-8. */
function decodeUtf8(bytes: Uint8Array): string | null {
  // ASCII bytes are UTF-8 as they are, and a latin1 decode is the cheapest way to their text.
  if (isAscii(bytes))
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  try {
    return UTF8.decode(bytes);
  } catch {
    return null;
  }
}

/** Validates a message body given as bytes or as text. `now` is epoch milliseconds. */
export function validateMessageData(data: Uint8Array | string, now: number): ValidationResult {
  if (typeof data === 'string') return validateText(data, now);
  if (data.byteLength > MAX_MESSAGE_BYTES) return tooLarge(data.byteLength);
  const text = decodeUtf8(data);
  if (text === null) {
    return rejectWhole('invalid_encoding', 'invalid_utf8', 'payload is not valid UTF-8');
  }
  return validateDecodedText(text, now);
}
