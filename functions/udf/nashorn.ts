/**
 * Runs the built UDF in Nashorn 15.4 through `nashorn/UdfHarness.java`, as the Dataflow template
 * would: one JVM for a whole batch, each message decoded from its bytes as UTF-8 by Java.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { nashornDir } from '../../scripts/toolchain.mjs';

/** The outcome of one UDF call: the returned text, or the engine's error message. */
export type UdfOutcome =
  { readonly ok: true; readonly output: string } | { readonly ok: false; readonly error: string };

function unescapeLine(text: string): string {
  return text.replace(/\\(\\|n|r)/g, (_, escaped: string) =>
    escaped === 'n' ? '\n' : escaped === 'r' ? '\r' : '\\',
  );
}

/** Whether `node scripts/setup.mjs --only nashorn` has provided the engine and the harness. */
export function nashornAvailable(): boolean {
  return existsSync(join(nashornDir(), 'UdfHarness.class'));
}

/** How the harness JVM runs. */
export interface NashornRunOptions {
  /** The UDF's function name (default `transform`). */
  readonly functionName?: string;
  /** Let the JVM use its optimising compiler too: slower start, faster steady state. */
  readonly fullJit?: boolean;
}

/**
 * Calls the UDF at `scriptPath` once per message, in one Nashorn engine. Messages are raw bytes
 * (Java decodes them as the template does) or text (sent as UTF-8).
 */
export function runUdfInNashorn(
  scriptPath: string,
  messages: readonly (Uint8Array | string)[],
  options: NashornRunOptions = {},
): Promise<UdfOutcome[]> {
  const functionName = options.functionName ?? 'transform';
  const dir = nashornDir();
  if (!nashornAvailable()) {
    return Promise.reject(
      new Error('Nashorn is not set up: run `node scripts/setup.mjs --only nashorn`'),
    );
  }
  return new Promise((resolve, reject) => {
    // C1-only JIT by default: a test batch is over before C2's compilation would pay for itself.
    // JVM flags only; the script engine is created exactly as the template creates it.
    const jvm = options.fullJit === true ? [] : ['-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC'];
    const child = spawn(
      'java',
      [...jvm, '-cp', `${dir}/*:${dir}`, 'UdfHarness', scriptPath, functionName],
      {
        stdio: ['pipe', 'pipe', 'pipe'],
      },
    );
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) {
        reject(
          new Error(
            `UdfHarness exited with ${code}: ${Buffer.concat(stderr).toString('utf8').slice(-2000)}`,
          ),
        );
        return;
      }
      const lines = Buffer.concat(stdout)
        .toString('utf8')
        .split('\n')
        .filter((line) => line.length > 0);
      if (lines.length !== messages.length) {
        reject(new Error(`UdfHarness answered ${lines.length} of ${messages.length} messages`));
        return;
      }
      resolve(
        lines.map((line): UdfOutcome => {
          if (line.startsWith('OK ')) return { ok: true, output: unescapeLine(line.slice(3)) };
          if (line.startsWith('ERR ')) return { ok: false, error: unescapeLine(line.slice(4)) };
          throw new Error(`unexpected UdfHarness line: ${line.slice(0, 200)}`);
        }),
      );
    });
    const input = messages
      .map((message) =>
        (typeof message === 'string'
          ? Buffer.from(message, 'utf8')
          : Buffer.from(message)
        ).toString('base64'),
      )
      .join('\n');
    child.stdin.end(`${input}\n`);
  });
}
