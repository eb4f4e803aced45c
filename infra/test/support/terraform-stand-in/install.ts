import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ENTRY = join(dirname(fileURLToPath(import.meta.url)), 'terraform.ts');

/**
 * Builds the terraform stand-in into `binDir` as an executable named `terraform`, for putting
 * first on PATH. It is bundled once so each of the many calls a deploy makes starts a plain Node
 * process instead of compiling TypeScript again.
 */
export async function installTerraformStandIn(binDir: string): Promise<string> {
  mkdirSync(binDir, { recursive: true });
  const bundle = join(binDir, 'terraform-stand-in.mjs');
  await build({
    entryPoints: [ENTRY],
    outfile: bundle,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'warning',
  });
  const launcher = join(binDir, 'terraform');
  writeFileSync(
    launcher,
    `#!/bin/sh\n# salesflow's stand-in for terraform (see terraform.ts)\nexec '${process.execPath}' '${bundle}' "$@"\n`,
  );
  chmodSync(launcher, 0o755);
  return binDir;
}
