/**
 * Rebuilds `infra/iam/roles.json` from a local clone of github.com/iann0036/iam-dataset: every role
 * already in the excerpt plus the roles named on the command line, read from the clone's HEAD.
 *
 *   npx tsx infra/src/permissions/refresh-roles.ts <clone> [roles/NAME ...]
 */
import { REFRESH_COMMAND, ROLE_EXCERPT_PATH } from './role-excerpt.js';
import { ROLE_SOURCE_REPOSITORY, refreshRoleExcerpt } from './role-refresh.js';

const [clone, ...roles] = process.argv.slice(2);
if (clone === undefined || clone.startsWith('-')) {
  console.error(`usage: ${REFRESH_COMMAND}`);
  process.exitCode = 2;
} else {
  refreshRoleExcerpt(clone, roles, ROLE_EXCERPT_PATH).then(
    (excerpt) => {
      const count = Object.keys(excerpt.roles).length;
      console.log(
        `wrote ${count} roles from ${ROLE_SOURCE_REPOSITORY} at ${excerpt.source.commit} to ${ROLE_EXCERPT_PATH}`,
      );
    },
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : String(error));
      process.exitCode = 1;
    },
  );
}
