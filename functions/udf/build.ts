/**
 * Builds the Dataflow UDF: bundles `transform.ts` and the contract's validation core into one
 * script that defines a global `transform(payload)`, lowered to ES5 so the template's Nashorn
 * engine runs it.
 *
 * esbuild bundles (it cannot lower to ES5); the TypeScript compiler then lowers the bundle.
 * Run directly (`npm run build:udf -w @salesflow/functions`) it writes `udf/dist/transform.js`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import ts from 'typescript';

const UDF_DIR = dirname(fileURLToPath(import.meta.url));
const REPO_ROOT = join(UDF_DIR, '..', '..');
const GLOBAL_NAME = 'salesflowUdf';

/** Where the built UDF is written. */
export const UDF_OUTPUT = join(UDF_DIR, 'dist', 'transform.js');

/** Name of the function the template is told to call. */
export const UDF_FUNCTION_NAME = 'transform';

const HEADER = `// salesflow Dataflow UDF, generated from functions/udf/transform.ts and contract/src/validation by
// \`npm run build:udf -w @salesflow/functions\`. Do not edit. ES5; entry point: ${UDF_FUNCTION_NAME}(payload).
`;

/** Bundles and lowers the UDF in memory; the same sources always give the same text. */
export async function buildUdf(): Promise<string> {
  const bundled = await build({
    entryPoints: [join(UDF_DIR, 'transform.ts')],
    absWorkingDir: REPO_ROOT,
    bundle: true,
    write: false,
    format: 'iife',
    globalName: GLOBAL_NAME,
    platform: 'neutral',
    mainFields: ['module', 'main'],
    target: 'es2020',
    charset: 'ascii',
    legalComments: 'none',
    logLevel: 'silent',
  });
  const [output] = bundled.outputFiles;
  if (output === undefined) throw new Error('esbuild produced no output for the UDF');
  const script = `${output.text}\nfunction ${UDF_FUNCTION_NAME}(payload) {\n  return ${GLOBAL_NAME}.${UDF_FUNCTION_NAME}(payload);\n}\n`;
  const lowered = ts.transpileModule(script, {
    compilerOptions: {
      target: ts.ScriptTarget.ES5,
      module: ts.ModuleKind.CommonJS,
      removeComments: true,
      noEmitHelpers: false,
      newLine: ts.NewLineKind.LineFeed,
    },
    reportDiagnostics: true,
  });
  const errors = lowered.diagnostics ?? [];
  if (errors.length > 0) {
    throw new Error(
      `lowering the UDF to ES5 failed: ${ts.flattenDiagnosticMessageText(errors[0]!.messageText, '\n')}`,
    );
  }
  return HEADER + lowered.outputText;
}

/** Builds the UDF and writes it to {@link UDF_OUTPUT}; returns the path written. */
export async function writeUdf(): Promise<string> {
  const text = await buildUdf();
  mkdirSync(dirname(UDF_OUTPUT), { recursive: true });
  writeFileSync(UDF_OUTPUT, text);
  return UDF_OUTPUT;
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const written = await writeUdf();
  console.log(`UDF written to ${relative(process.cwd(), written)}`);
}
