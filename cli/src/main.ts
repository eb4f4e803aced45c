import { Command, CommanderError } from 'commander';
import { EXIT, UsageError } from './errors.js';
import { register as registerGenerate } from './commands/generate.js';
import { register as registerPublish } from './commands/publish.js';
import { register as registerEmulators } from './commands/emulators.js';
import { register as registerDashboard } from './commands/dashboard.js';
import { register as registerRun } from './commands/run.js';
import { register as registerIngest } from './commands/ingest.js';
import { register as registerBi } from './commands/bi.js';

/** One line: commander's multi-line errors and stray whitespace folded. */
const oneLine = (text: string): string => text.replace(/\s*\n\s*/g, ' ').trim();

/**
 * Builds the `salesflow` program with every command registered. A command module defines its flags
 * with light imports only and loads what its action needs (Pub/Sub, DuckDB, the local stack) inside
 * the action, so starting the command, and any `--help`, stays quick.
 */
export function buildProgram(): Command {
  const program = new Command('salesflow')
    .description(
      'salesflow: streaming sales analytics — generate, publish, ingest and model sales events',
    )
    .showHelpAfterError(false)
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({
      outputError: (text, write) => write(`${oneLine(text)}\n`),
    });
  // Settings above are inherited by the commands registered below.
  registerGenerate(program);
  registerPublish(program);
  registerEmulators(program);
  registerDashboard(program);
  registerRun(program);
  registerIngest(program);
  registerBi(program);
  return program;
}

/** Runs the CLI and returns the process exit code (2 for usage errors, 1 for failures). */
export async function main(argv: readonly string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync([...argv]);
    return EXIT.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version end with a CommanderError too, with exit code 0.
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    const message = oneLine(error instanceof Error ? error.message : String(error));
    process.stderr.write(`salesflow: ${message}\n`);
    return error instanceof UsageError ? EXIT.usage : EXIT.failure;
  }
}
