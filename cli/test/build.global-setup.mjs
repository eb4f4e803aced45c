// Tests run the real `salesflow` bin, which runs the compiled command: bring the build up to date
// once before them (as setup does), so no test sees the bin's one-line rebuild note. A build that
// fails stops no test run; the bin then says why and runs the sources.
import { buildFailure, ensureCliBuild } from '../build.mjs';

export async function setup() {
  await ensureCliBuild().catch((error) => {
    process.stderr.write(`salesflow build failed: ${buildFailure(error)}\n`);
  });
}
