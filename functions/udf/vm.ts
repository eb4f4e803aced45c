/**
 * Loads the built UDF into a fresh Node `vm` context — no `require`, `process`, `Buffer` or
 * other host globals — so it runs only on what the script itself defines.
 */
import { createContext, runInContext } from 'node:vm';
import type { UdfOutcome } from './nashorn.js';

/** A loaded UDF: call it like the template does. */
export type LoadedUdf = (payload: string) => UdfOutcome;

/** ES2015+ built-ins the template's engine lacks; removed before the UDF is loaded. */
const NEWER_BUILT_INS: ReadonlyArray<readonly [string, string]> = [
  ['Object', 'hasOwn'],
  ['Object', 'assign'],
  ['Object', 'entries'],
  ['Object', 'values'],
  ['Object', 'fromEntries'],
  ['Array', 'from'],
  ['Array', 'of'],
  ['Number', 'isInteger'],
  ['Number', 'isSafeInteger'],
  ['Number', 'isFinite'],
  ['Number', 'isNaN'],
  ['Math', 'sign'],
  ['Math', 'trunc'],
  ['Math', 'imul'],
  ['String.prototype', 'startsWith'],
  ['String.prototype', 'endsWith'],
  ['String.prototype', 'includes'],
  ['String.prototype', 'padStart'],
  ['String.prototype', 'padEnd'],
  ['String.prototype', 'repeat'],
  ['String.prototype', 'codePointAt'],
  ['String.prototype', 'at'],
  ['Array.prototype', 'find'],
  ['Array.prototype', 'findIndex'],
  ['Array.prototype', 'includes'],
  ['Array.prototype', 'fill'],
  ['Array.prototype', 'flat'],
  ['Array.prototype', 'flatMap'],
  ['Array.prototype', 'at'],
];

/**
 * Evaluates `source` in a new context and returns its global `functionName`. With `es5Only`,
 * the newer built-ins listed above are deleted first, so a dependency on them fails loudly.
 */
export function loadUdfInVm(
  source: string,
  functionName = 'transform',
  es5Only = false,
): LoadedUdf {
  const context = createContext({});
  if (es5Only) {
    const strip = NEWER_BUILT_INS.map(([owner, name]) => `delete ${owner}.${name};`).join('\n');
    runInContext(
      `${strip}\ndelete globalThis.Promise; delete globalThis.Reflect; delete globalThis.Proxy;`,
      context,
    );
  }
  runInContext(source, context, { filename: 'transform.js' });
  const udf = (context as Record<string, unknown>)[functionName];
  if (typeof udf !== 'function')
    throw new Error(`the UDF defines no global function ${functionName}`);
  return (payload) => {
    try {
      return { ok: true, output: String((udf as (text: string) => unknown)(payload)) };
    } catch (error) {
      return { ok: false, error: String((error as { message?: unknown }).message ?? error) };
    }
  };
}
