// Writes the artefacts derived from the contract: the JSON Schema of the event and the BigQuery
// schemas of the Bronze tables. `npm run generate -w @salesflow/contract`; a test keeps them current.
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { contractArtefacts } from '../src/artefacts.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
for (const [path, content] of Object.entries(contractArtefacts())) {
  writeFileSync(join(root, path), content);
  process.stdout.write(`wrote contract/${path}\n`);
}
