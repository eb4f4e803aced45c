import { spawnSync } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

describe('what git keeps out of the repository', () => {
  it('ignores the Terraform state a stack deployed without a state bucket leaves behind', () => {
    const paths = [
      'terraform.prod-foundation.tfstate',
      'terraform.prod-foundation.tfstate.backup',
      '.terraform/providers/registry.terraform.io/hashicorp/google/6.50.0/linux_amd64/x',
    ];
    const result = spawnSync('git', ['check-ignore', '--no-index', ...paths], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(result.stdout.trim().split('\n')).toEqual(paths);
  });
});
