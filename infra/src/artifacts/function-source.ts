import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { build } from 'esbuild';
import { contentHash } from './content-hash.js';
import { deriveLockFile, findLockFile } from './npm-lock.js';
import type { BuiltFile } from './types.js';
import { createZip } from './zip.js';

/** Packages left out of the bundle and installed by Cloud Build from the generated package.json. */
const EXTERNAL_PACKAGES = ['@google-cloud/functions-framework'] as const;
/**
 * Packages of the local world (the DuckDB warehouse). Marked external so that a slip is caught
 * below with a clear message instead of esbuild trying to bundle a native module.
 */
const LOCAL_ONLY_PACKAGES = ['@duckdb/node-api', '@duckdb/*'] as const;
/** The runtime serves the functions through the framework, so it is always a dependency. */
const ALWAYS_INSTALLED = ['@google-cloud/functions-framework'] as const;
/** The Cloud Functions runtime the zip is built for when the caller does not say. */
export const DEFAULT_FUNCTION_RUNTIME = 'nodejs22';

// Bundled CommonJS dependencies call require(); ESM output has none unless we create one.
const REQUIRE_SHIM =
  "import { createRequire as __salesflowCreateRequire } from 'node:module';\nconst require = __salesflowCreateRequire(import.meta.url);";

export interface FunctionSourceOptions {
  /** The functions workspace (holds `package.json` and `src/index.ts`). */
  readonly functionsDir: string;
  /** Where the zip is written. */
  readonly outDir: string;
  /**
   * The Cloud Functions runtime it is deployed on (`nodejs22`): the bundle's language target and
   * the package's `engines.node`. Default {@link DEFAULT_FUNCTION_RUNTIME}.
   */
  readonly runtime?: string;
  /** The npm lock file the dependencies are pinned from; default the nearest one above the functions. */
  readonly lockFile?: string;
}

/** `nodejs22` → 22. */
function nodeMajor(runtime: string): number {
  const match = /^nodejs(\d+)$/.exec(runtime);
  if (!match) throw new Error(`unsupported function runtime "${runtime}": expected nodejsNN`);
  return Number(match[1]);
}

/**
 * Bundles `src/index.ts` of the functions workspace with esbuild into one ESM file, adds a
 * `package.json` and a `package-lock.json` (so Cloud Build's Node.js buildpack runs `npm ci` and
 * installs exactly the tested versions), and zips them deterministically. The object name carries
 * the content hash, so a code change deploys a new revision and an unchanged build deploys nothing.
 * Fails when the entry reaches a local-only package.
 */
export async function buildFunctionSource(options: FunctionSourceOptions): Promise<BuiltFile> {
  const entry = join(options.functionsDir, 'src', 'index.ts');
  if (!existsSync(entry)) {
    throw new Error(
      `function sources not found: ${entry} is missing (it must register ingestSales and fxRates with functions-framework)`,
    );
  }
  const manifest = readManifest(join(options.functionsDir, 'package.json'));
  const major = nodeMajor(options.runtime ?? DEFAULT_FUNCTION_RUNTIME);
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: `node${major}`,
    write: false,
    metafile: true,
    legalComments: 'none',
    logLevel: 'silent',
    external: [...EXTERNAL_PACKAGES, ...LOCAL_ONLY_PACKAGES],
    banner: { js: REQUIRE_SHIM },
  });
  const output = result.outputFiles[0];
  if (!output) throw new Error(`esbuild produced no output for ${entry}`);
  const imported = new Set<string>(ALWAYS_INSTALLED);
  for (const file of Object.values(result.metafile.outputs)) {
    for (const dependency of file.imports) {
      if (dependency.external && !isBuiltin(dependency.path))
        imported.add(packageName(dependency.path));
    }
  }
  const localOnly = [...imported].filter((name) => isLocalOnly(name));
  if (localOnly.length > 0) {
    throw new Error(
      `${entry} reaches the local-only package ${localOnly.join(', ')}: the deployed functions must not import it`,
    );
  }
  const dependencies: Record<string, string> = {};
  for (const name of [...imported].sort()) {
    const version = manifest.dependencies[name];
    if (version === undefined) {
      throw new Error(
        `${name} is imported by the functions but not listed in ${options.functionsDir}/package.json`,
      );
    }
    dependencies[name] = version;
  }
  // The runtime picks the Node.js version (the buildpack reads GOOGLE_RUNTIME_VERSION before
  // engines); engines states the same major for any other builder, in the `NN.x` form it documents.
  const engines = { node: `${major}.x` };
  const packageJson = {
    name: 'salesflow-functions',
    version: manifest.version,
    private: true,
    type: 'module',
    main: 'index.js',
    engines,
    dependencies,
  };
  const lockFile = options.lockFile ?? findLockFile(options.functionsDir);
  const packageLock = deriveLockFile(lockFile, options.functionsDir, {
    name: packageJson.name,
    version: packageJson.version,
    dependencies,
    engines,
  });
  const zip = createZip([
    { name: 'index.js', data: output.contents },
    { name: 'package.json', data: Buffer.from(`${JSON.stringify(packageJson, null, 2)}\n`) },
    { name: 'package-lock.json', data: Buffer.from(packageLock) },
  ]);
  const hash = contentHash(zip);
  mkdirSync(options.outDir, { recursive: true });
  const path = join(options.outDir, `salesflow-functions-${hash}.zip`);
  writeFileSync(path, zip);
  return { path, hash, objectName: `functions/salesflow-functions-${hash}.zip` };
}

interface Manifest {
  version: string;
  dependencies: Record<string, string>;
}

function readManifest(path: string): Manifest {
  if (!existsSync(path)) throw new Error(`function package manifest not found: ${path}`);
  const parsed = JSON.parse(readFileSync(path, 'utf8')) as Partial<Manifest>;
  return { version: parsed.version ?? '0.0.0', dependencies: parsed.dependencies ?? {} };
}

const BUILTINS = new Set(builtinModules);

function isBuiltin(specifier: string): boolean {
  return (
    specifier.startsWith('node:') ||
    BUILTINS.has(specifier) ||
    BUILTINS.has(specifier.split('/')[0] ?? '')
  );
}

function isLocalOnly(name: string): boolean {
  return LOCAL_ONLY_PACKAGES.some((pattern) =>
    pattern.endsWith('/*') ? name.startsWith(pattern.slice(0, -1)) : name === pattern,
  );
}

/** `@scope/name/sub/path` → `@scope/name`; `name/sub` → `name`. */
function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? specifier);
}
