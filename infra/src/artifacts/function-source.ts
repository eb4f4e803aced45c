import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { build } from 'esbuild';
import { contentHash } from './content-hash.js';
import type { BuiltFile } from './types.js';
import { createZip } from './zip.js';

/** Packages left out of the bundle and installed by Cloud Build from the generated package.json. */
const EXTERNAL_PACKAGES = [
  '@google-cloud/functions-framework',
  '@duckdb/node-api',
  '@duckdb/*',
] as const;
/** The runtime serves the functions through the framework, so it is always a dependency. */
const ALWAYS_INSTALLED = ['@google-cloud/functions-framework'] as const;

// Bundled CommonJS dependencies call require(); ESM output has none unless we create one.
const REQUIRE_SHIM =
  "import { createRequire as __salesflowCreateRequire } from 'node:module';\nconst require = __salesflowCreateRequire(import.meta.url);";

export interface FunctionSourceOptions {
  /** The functions workspace (holds `package.json` and `src/index.ts`). */
  readonly functionsDir: string;
  /** Where the zip is written. */
  readonly outDir: string;
}

/**
 * Bundles `src/index.ts` of the functions workspace with esbuild into one ESM file, adds a
 * `package.json` for Cloud Build, and zips both deterministically. The object name carries the
 * content hash, so a code change deploys a new revision and an unchanged build deploys nothing.
 */
export async function buildFunctionSource(options: FunctionSourceOptions): Promise<BuiltFile> {
  const entry = join(options.functionsDir, 'src', 'index.ts');
  if (!existsSync(entry)) {
    throw new Error(
      `function sources not found: ${entry} is missing (it must register ingestSales and fxRates with functions-framework)`,
    );
  }
  const manifest = readManifest(join(options.functionsDir, 'package.json'));
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    write: false,
    metafile: true,
    legalComments: 'none',
    logLevel: 'silent',
    external: [...EXTERNAL_PACKAGES],
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
  const packageJson = {
    name: 'salesflow-functions',
    version: manifest.version,
    private: true,
    type: 'module',
    main: 'index.js',
    engines: { node: '>=20' },
    dependencies,
  };
  const zip = createZip([
    { name: 'index.js', data: output.contents },
    { name: 'package.json', data: Buffer.from(`${JSON.stringify(packageJson, null, 2)}\n`) },
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

/** `@scope/name/sub/path` → `@scope/name`; `name/sub` → `name`. */
function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? specifier);
}
