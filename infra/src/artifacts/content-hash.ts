import { createHash } from 'node:crypto';

/** Short SHA-256 of some bytes, used in object names so that new content means a new object. */
export function contentHash(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex').slice(0, 16);
}
