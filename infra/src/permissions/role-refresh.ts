import { execFileSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { format, resolveConfig } from 'prettier';
import {
  REFRESH_COMMAND,
  loadRoleExcerpt,
  type RoleEntry,
  type RoleExcerpt,
} from './role-excerpt.js';

/** Where Google's predefined roles are published as data, one JSON file per role. */
export const ROLE_SOURCE_REPOSITORY = 'https://github.com/iann0036/iam-dataset';

interface DatasetRole {
  name: string;
  title: string;
  stage: string;
  includedPermissions?: string[];
}

function git(clone: string, ...args: string[]): string {
  return execFileSync('git', ['-C', clone, ...args], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Reads one role from the clone's HEAD (works for bare and ordinary clones alike). */
function readRole(clone: string, role: string): RoleEntry {
  const file = `gcp/roles/${role.replace(/^roles\//, '')}.json`;
  let text: string;
  try {
    text = git(clone, 'show', `HEAD:${file}`);
  } catch {
    throw new Error(`${role}: ${file} is not in the clone (is the role name right?)`);
  }
  const parsed = JSON.parse(text) as DatasetRole;
  if (parsed.name !== role) throw new Error(`${file} describes ${parsed.name}, not ${role}`);
  return {
    title: parsed.title,
    stage: parsed.stage,
    permissions: [...(parsed.includedPermissions ?? [])].sort(),
  };
}

/**
 * Rewrites the excerpt at `excerptPath` from the clone's HEAD: every role already in it plus
 * `roles`, each with its permissions, and the commit they were read at.
 */
export async function refreshRoleExcerpt(
  clone: string,
  roles: readonly string[],
  excerptPath: string,
): Promise<RoleExcerpt> {
  const bad = roles.filter((role) => !/^roles\/[A-Za-z0-9_.]+$/.test(role));
  if (bad.length > 0) throw new Error(`not a predefined role name: ${bad.join(', ')}`);
  let head: string;
  try {
    head = git(clone, 'log', '-1', '--format=%H %cI').trim();
  } catch {
    throw new Error(
      `${clone} is not a git clone of ${ROLE_SOURCE_REPOSITORY}; usage: ${REFRESH_COMMAND}`,
    );
  }
  const [commit = '', committedAt = ''] = head.split(' ');
  const current = existsSync(excerptPath) ? Object.keys(loadRoleExcerpt(excerptPath).roles) : [];
  const names = [...new Set([...current, ...roles])].sort();
  const excerpt: RoleExcerpt = {
    source: {
      repository: ROLE_SOURCE_REPOSITORY,
      commit,
      committedAt,
      files: 'gcp/roles/<role>.json',
      refresh: REFRESH_COMMAND,
    },
    roles: Object.fromEntries(names.map((role) => [role, readRole(clone, role)])),
  };
  // Written as the repository's formatter writes JSON, so a refresh diff shows only real changes.
  const options = (await resolveConfig(excerptPath)) ?? {};
  writeFileSync(excerptPath, await format(JSON.stringify(excerpt), { ...options, parser: 'json' }));
  return excerpt;
}
