// Writes every file derived from the contract (see `contractArtefacts`): the event's JSON Schema
// and field table, the Bronze tables' BigQuery schemas, dbt's contract macros and currency seed.
// `npm run generate -w @salesflow/contract`; a test fails while any of them is stale.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { contractArtefacts } from '../src/artefacts.js';

const repositoryRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
for (const [path, content] of Object.entries(contractArtefacts())) {
  mkdirSync(dirname(join(repositoryRoot, path)), { recursive: true });
  writeFileSync(join(repositoryRoot, path), content);
  process.stdout.write(`wrote ${path}\n`);
}
