import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'cdktf';
import { ENVIRONMENTS } from '../config/index.js';
import { ROOT, venvBin } from '../../scripts/toolchain.mjs';
import { addEnvironment } from './app.js';
import { buildRepositoryArtifacts } from './artifacts/repository.js';

// The CDKTF app: `npx cdktf synth` (or deploy) runs this. Every environment is synthesized; deploy
// one stack at a time by name, e.g. `npx cdktf deploy dev-foundation`.
const workDir = mkdtempSync(join(tmpdir(), 'salesflow-artifacts-'));
try {
  const artifacts = await buildRepositoryArtifacts(ROOT, workDir, venvBin('dbt', 'dbt'));
  const app = new App();
  for (const config of ENVIRONMENTS) addEnvironment(app, config, artifacts);
  // Synthesis copies every uploaded file into the output directory, so the work dir can go.
  app.synth();
} finally {
  rmSync(workDir, { recursive: true, force: true });
}
