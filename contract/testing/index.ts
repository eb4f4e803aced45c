/**
 * Test data shared by every package: the one factory of valid events (`events.ts`), the one catalog
 * of bad messages (`bad-messages.ts`, with its fixed edge cases in `hostile-corpus.ts`) and the
 * validators' mutation corpus (`mutations.ts`).
 */
export * from './events.js';
export * from './bad-messages.js';
export * from './hostile-corpus.js';
export * from './mutations.js';
