#!/usr/bin/env -S node --max-semi-space-size=64
// Live mode allocates at a steady rate objects that live a second or two (a message from publish to
// landing); a young generation larger than V8's default lets them die there rather than fill the
// old generation, which V8 only shrinks when a process goes idle — and a live runner never does.
// Runs the compiled command that setup builds (cli/build.mjs). Sources edited since then are built
// again before the command runs; if that fails, the TypeScript sources run through tsx. Either way
// one line on stderr says so: stale code never runs.
import { pathToFileURL } from 'node:url';
import { BUILD_DIR, buildCli, buildFailure, checkBuild } from '../build.mjs';

/** The compiled entry to run, or undefined to run the sources. */
async function compiledEntry() {
  const check = checkBuild();
  if (check.current) return check.entry;
  const started = Date.now();
  try {
    const { entry } = await buildCli();
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    process.stderr.write(
      `salesflow: rebuilt in ${seconds} s (${check.reason}; \`npm run setup -- --only cli\` builds ahead of time)\n`,
    );
    return `${BUILD_DIR}/${entry}`;
  } catch (error) {
    process.stderr.write(
      `salesflow: ${check.reason} and the build failed (${buildFailure(error)}): running the TypeScript sources\n`,
    );
    return undefined;
  }
}

const entry = await compiledEntry();
let main;
if (entry === undefined) {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../src/main.ts'));
} else {
  ({ main } = await import(pathToFileURL(entry).href));
}
process.exitCode = await main(process.argv);
