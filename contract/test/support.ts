import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { OrderEvent } from '../src/index.js';
import { exampleEvent } from '../testing/index.js';

const examplesDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'examples');

/** Every example payload shipped with the contract, by file name. */
export function examples(): Map<string, Buffer> {
  return new Map(
    readdirSync(examplesDir).map((file) => [file, readFileSync(join(examplesDir, file))]),
  );
}

/** A fresh, mutable copy of one example of an order event. */
export const example = (file: string): OrderEvent => exampleEvent(file);

/** The same instant the examples were written for, so the future-time rule is stable. */
export const NOW = Date.parse('2026-04-01T00:00:00Z');
