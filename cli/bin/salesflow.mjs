#!/usr/bin/env -S MALLOC_ARENA_MAX=2 MALLOC_MMAP_THRESHOLD_=131072 MALLOC_TRIM_THRESHOLD_=131072 node --max-semi-space-size=64 --expose-gc
// Live mode runs for days, and a process only gives memory back when it goes idle, which a live
// runner never does. So: a young generation large enough that objects living a second or two (a
// message from publish to landing) die there instead of filling V8's old generation; V8's collector
// exposed, so a live stream can ask for the full collections V8 itself schedules only once a process
// goes quiet (local/src/full-collection.ts); and glibc told to keep few arenas and return freed
// memory (large blocks mapped apart, the heap's top trimmed), where by default the native memory of
// a busy multi-threaded process keeps creeping up.
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
