/**
 * Entry point of the Dataflow JavaScript UDF (`javascriptTextTransformFunctionName=transform`).
 *
 * The template hands over the Pub/Sub payload as a string and expects the Bronze row as a JSON
 * string; a thrown error sends the message to the template's dead-letter table with our reason
 * and issues as its error message. Bundled to one ES5 file by `build.ts`.
 */
import { eventRow } from '@salesflow/contract/validation/row';
import { validateText } from '@salesflow/contract/validation/validate';

/** Validates one payload and returns its `bronze.sales_events` row as JSON text, or throws. */
export function transform(payload: string): string {
  const result = validateText(String(payload), new Date().getTime());
  if (!result.ok) throw new Error(result.reason + ': ' + JSON.stringify(result.issues));
  const row = eventRow(result.event, {
    messageId: null,
    publishTime: null,
    attributes: null,
    ingestedAt: new Date().toISOString(),
    path: 'dataflow',
  });
  return JSON.stringify(row);
}
