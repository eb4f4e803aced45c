import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where the checked-in excerpt of Google's role reference lives. */
export const ROLE_EXCERPT_PATH = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  'iam',
  'roles.json',
);

/** The command that rebuilds the excerpt from a local clone of the source repository. */
export const REFRESH_COMMAND =
  'npx tsx infra/src/permissions/refresh-roles.ts <clone of https://github.com/iann0036/iam-dataset> [roles/NAME ...]';

/** One predefined role as Google documents it. */
export interface RoleEntry {
  readonly title: string;
  readonly stage: string;
  readonly permissions: readonly string[];
}

/** The excerpt file: where it was taken from, and the roles. */
export interface RoleExcerpt {
  readonly source: {
    readonly repository: string;
    readonly commit: string;
    readonly committedAt: string;
    readonly files: string;
    readonly refresh: string;
  };
  readonly roles: Readonly<Record<string, RoleEntry>>;
}

/** Reads the checked-in excerpt. */
export function loadRoleExcerpt(path: string = ROLE_EXCERPT_PATH): RoleExcerpt {
  return JSON.parse(readFileSync(path, 'utf8')) as RoleExcerpt;
}

/** Thrown when a role is not in the excerpt; the message says how to add it. */
export class UnknownRoleError extends Error {
  constructor(readonly role: string) {
    super(
      `role ${role} is not in infra/iam/roles.json: add it with ${REFRESH_COMMAND.replace('[roles/NAME ...]', role)}`,
    );
  }
}

/** The permissions of a predefined role; throws {@link UnknownRoleError} when it is not excerpted. */
export function permissionsOf(excerpt: RoleExcerpt, role: string): ReadonlySet<string> {
  const entry = excerpt.roles[role];
  if (entry === undefined) throw new UnknownRoleError(role);
  return new Set(entry.permissions);
}
