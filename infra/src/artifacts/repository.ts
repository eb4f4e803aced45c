import { join } from 'node:path';
import { readComposerPackages } from './composer-packages.js';
import { collectFileSet } from './file-set.js';
import { buildFunctionSource } from './function-source.js';
import { buildDbtManifest } from './dbt-manifest.js';
import type { BuiltFile, DeploymentArtifacts } from './types.js';
import { locateUdf } from './udf.js';

/** Skipped in the dbt project: build output, installed packages, local state and tests. */
const DBT_SKIP = ['target', 'logs', 'dbt_packages', 'node_modules', 'test', '__pycache__'];
const DBT_FILES = /\.(sql|yml|yaml|csv|md|py)$/;

/**
 * Builds or locates every deployable artefact of the repository: the functions zip, the UDF, the
 * DAGs, the dbt project and the Composer packages. Fails with the missing piece named.
 */
export async function buildRepositoryArtifacts(
  repositoryRoot: string,
  outDir: string,
  dbtBin: string,
): Promise<DeploymentArtifacts> {
  const functionsDir = join(repositoryRoot, 'functions');
  const projectDir = join(repositoryRoot, 'dbt');
  const manifests = new Map<string, BuiltFile>();
  return {
    functionSource: await buildFunctionSource({ functionsDir, outDir }),
    udf: locateUdf({ functionsDir, repositoryRoot }),
    dags: collectFileSet(join(repositoryRoot, 'composer', 'dags'), {
      description: 'Airflow DAGs',
      skipDirectories: ['__pycache__', 'tests', 'test'],
      include: (path) => path.endsWith('.py') || path.endsWith('.sql') || path.endsWith('.yaml'),
    }),
    dbtProject: collectFileSet(projectDir, {
      description: 'dbt project',
      skipDirectories: DBT_SKIP,
      include: (path) => DBT_FILES.test(path) && !path.endsWith('.user.yml'),
    }),
    dbtManifest: (project, location) => {
      const key = `${project}/${location}`;
      const built =
        manifests.get(key) ?? buildDbtManifest({ dbtBin, projectDir, project, location, outDir });
      manifests.set(key, built);
      return built;
    },
    composerPackages: readComposerPackages(
      join(repositoryRoot, 'composer', 'requirements-composer.txt'),
    ),
  };
}
