// The compiled `salesflow` command: an esbuild bundle of cli/src with the workspace packages it uses.
//
// Plain Node ESM, because the command's entry (bin/salesflow.mjs) and the setup load it before anything
// is compiled; esbuild itself is imported only when a build runs. The build lives in dist/salesflow/:
// files named by their content, never rewritten, and manifest.json, written last, which names the
// entry and records every file the build read (path, size, mtime, SHA-256).
import {
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, extname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const CLI_DIR = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(CLI_DIR, '..');
const ENTRY_SOURCE = 'cli/src/main.ts';

/** Where the build lives. */
export const BUILD_DIR = join(CLI_DIR, 'dist', 'salesflow');
const MANIFEST = join(BUILD_DIR, 'manifest.json');

/**
 * Packages loaded from node_modules at run time instead of being bundled: native addons and packages
 * that read their own files (protos, browser bundles, loaders). The commands import them inside their
 * actions, so they load when a command runs, not when it starts.
 */
const EXTERNAL = [
  '@duckdb/node-api',
  '@google-cloud/*',
  'undici',
  'echarts',
  'tsx',
  'fast-xml-parser',
];

/**
 * Files that shape the build without being compiled: this script, the package manifests and
 * TypeScript settings esbuild reads, and npm's record of what node_modules holds (rewritten by every
 * install, so the start-up check sees a changed bundled package without walking node_modules).
 */
const SETTINGS = [
  'cli/build.mjs',
  'package.json',
  'tsconfig.base.json',
  'node_modules/.package-lock.json',
  ...['contract', 'generator', 'functions', 'local', 'cli'].flatMap((pkg) => [
    `${pkg}/package.json`,
    `${pkg}/tsconfig.json`,
  ]),
];

/** Files older than this that the current build does not use are removed by the next build. */
const KEEP_OLD_FILES_MS = 60 * 60 * 1000;

const LOADERS = { '.ts': 'ts', '.mts': 'ts', '.js': 'js', '.mjs': 'js', '.json': 'json' };

const require = createRequire(import.meta.url);
/** node:crypto is required on first use: most starts of the command hash nothing. */
const sha256 = (bytes) => require('node:crypto').createHash('sha256').update(bytes).digest('hex');

const inNodeModules = (path) => path.split(/[\\/]/).includes('node_modules');

/**
 * What the start-up check looks at: the workspace's files, and npm's record of node_modules instead
 * of the bundled packages' own files (setup hashes those too).
 */
const checkedAtStart = (path) => !inNodeModules(path) || path === 'node_modules/.package-lock.json';

/** The build's manifest, or undefined when there is no (readable) build. */
export function readManifest() {
  try {
    return JSON.parse(readFileSync(MANIFEST, 'utf8'));
  } catch {
    return undefined;
  }
}

/**
 * Whether the build matches the sources, as each start checks it: the size and mtime of every file
 * {@link checkedAtStart}, hashing only those whose stat changed (a touched file with the same bytes
 * is still current).
 * @returns {{ current: true, entry: string } | { current: false, reason: string }}
 */
export function checkBuild() {
  const manifest = readManifest();
  if (manifest === undefined) return { current: false, reason: 'not built yet' };
  for (const [path, size, mtimeMs, hash] of manifest.inputs) {
    if (!checkedAtStart(path)) continue;
    const absolute = join(ROOT, path);
    let stat;
    try {
      stat = statSync(absolute);
    } catch {
      if (hash === null) continue;
      return { current: false, reason: `${path} is gone` };
    }
    if (hash === null) return { current: false, reason: `${path} appeared` };
    if (stat.size === size && stat.mtimeMs === mtimeMs) continue;
    if (stat.size !== size || sha256(readFileSync(absolute)) !== hash) {
      return { current: false, reason: `${path} changed` };
    }
  }
  const entry = join(BUILD_DIR, manifest.entry);
  if (!existsSync(entry)) return { current: false, reason: `${manifest.entry} is missing` };
  return { current: true, entry };
}

/**
 * A file as the build saw it. Stat comes before read: a file changed in between is recorded with an
 * old mtime and the bytes that were built, which the start-up check then hashes and finds current.
 */
function record(path) {
  const absolute = join(ROOT, path);
  let stat;
  try {
    stat = statSync(absolute);
  } catch {
    return { entry: [path, 0, 0, null] };
  }
  const bytes = readFileSync(absolute);
  return { entry: [path, stat.size, stat.mtimeMs, sha256(bytes)], bytes };
}

/**
 * Loads the workspace's files, recording exactly the bytes compiled. A module's `import.meta.url`
 * stays the URL of its source file inside the bundle, so code that finds files beside itself (the
 * function host, the dbt worker, the repository root, chart assets) keeps finding them there; the URL
 * is computed from the bundle's own location, so a moved checkout still works.
 */
const workspaceLoader = (outdir, recorded) => ({
  name: 'workspace-loader',
  setup(build) {
    build.onLoad({ filter: /.*/ }, (args) => {
      const loader = LOADERS[extname(args.path)];
      if (inNodeModules(args.path) || loader === undefined) return undefined;
      const path = relative(ROOT, args.path).split(sep).join('/');
      const { entry, bytes } = record(path);
      recorded.set(path, entry);
      const source = bytes.toString('utf8');
      if (/import\.meta\.(?:dirname|filename)/.test(source)) {
        return {
          errors: [{ text: 'use import.meta.url: the build keeps only that one per module' }],
        };
      }
      const fromBundle = relative(outdir, args.path).split(sep).join('/');
      const url = `new URL(${JSON.stringify(fromBundle)}, import.meta.url).href`;
      return { contents: source.replaceAll('import.meta.url', url), loader };
    });
  },
});

/**
 * The workspace's modules only declare things (none is imported for its effects), so modules whose
 * exports a command does not use are left out of what it loads: starting the command reads the
 * contract's topology and currency table without the contract's zod schemas.
 */
const workspaceWithoutSideEffects = {
  name: 'workspace-without-side-effects',
  setup(build) {
    build.onResolve({ filter: /.*/ }, async (args) => {
      if (args.pluginData === 'resolving' || args.kind === 'entry-point') return undefined;
      if (inNodeModules(args.importer)) return undefined;
      const result = await build.resolve(args.path, {
        kind: args.kind,
        importer: args.importer,
        resolveDir: args.resolveDir,
        with: args.with,
        pluginData: 'resolving',
      });
      if (result.errors.length > 0 || result.external || inNodeModules(result.path)) return result;
      return { ...result, sideEffects: false };
    });
  },
};

/** One line on why a build failed: esbuild's first error with its place, or the error's first line. */
export function buildFailure(error) {
  const [first] = error?.errors ?? [];
  if (first !== undefined) {
    const where = first.location ? `${first.location.file}:${first.location.line}: ` : '';
    return `${where}${first.text}`;
  }
  return String(error?.message ?? error).split('\n')[0];
}

/** Writes a file under a temporary name and renames it, so a reader sees all of it or nothing. */
function writeAtomically(path, contents) {
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, contents);
  renameSync(temporary, path);
}

/**
 * Builds the command into BUILD_DIR and returns its manifest. Safe while other processes run or
 * build the command: files are only added (named by their content) until the manifest switches.
 */
export async function buildCli() {
  const { build } = await import('esbuild');
  const recorded = new Map(SETTINGS.map((path) => [path, record(path).entry]));
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: { salesflow: ENTRY_SOURCE },
    outdir: BUILD_DIR,
    entryNames: '[name]-[hash]',
    chunkNames: 'chunk-[hash]',
    outExtension: { '.js': '.mjs' },
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    external: EXTERNAL,
    // Bundled CommonJS packages call require(); ESM output has none unless given one.
    banner: {
      js: "import { createRequire as __salesflowCreateRequire } from 'node:module';\nconst require = __salesflowCreateRequire(import.meta.url);",
    },
    plugins: [workspaceWithoutSideEffects, workspaceLoader(BUILD_DIR, recorded)],
    sourcemap: 'linked',
    metafile: true,
    write: false,
    logLevel: 'silent',
  });
  mkdirSync(BUILD_DIR, { recursive: true });
  const outputs = new Set();
  for (const file of result.outputFiles) {
    outputs.add(relative(BUILD_DIR, file.path));
    if (!existsSync(file.path)) writeAtomically(file.path, file.contents);
  }
  const [entry] = Object.entries(result.metafile.outputs).flatMap(([path, output]) =>
    output.entryPoint === ENTRY_SOURCE ? [relative(BUILD_DIR, join(ROOT, path))] : [],
  );
  for (const path of Object.keys(result.metafile.inputs)) {
    if (!recorded.has(path)) recorded.set(path, record(path).entry);
  }
  const inputs = [...recorded.values()].sort(([a], [b]) => (a < b ? -1 : 1));
  const manifest = { entry, inputs };
  writeAtomically(MANIFEST, `${JSON.stringify(manifest)}\n`);
  removeOldFiles(outputs);
  return manifest;
}

function removeOldFiles(current) {
  const cutoff = Date.now() - KEEP_OLD_FILES_MS;
  for (const name of readdirSync(BUILD_DIR)) {
    if (name === 'manifest.json' || current.has(name)) continue;
    const path = join(BUILD_DIR, name);
    try {
      if (statSync(path).mtimeMs < cutoff) rmSync(path, { force: true });
    } catch {
      // Removed by a concurrent build.
    }
  }
}

/**
 * Setup's component: builds unless every recorded file, node_modules included, still hashes the
 * same; true if it built. A current build gets its recorded sizes and mtimes refreshed, so starts
 * compare stats only again.
 */
export async function ensureCliBuild() {
  const manifest = readManifest();
  if (manifest !== undefined && existsSync(join(BUILD_DIR, manifest.entry))) {
    const inputs = manifest.inputs.map(([path]) => record(path).entry);
    if (inputs.every((input, index) => input[3] === manifest.inputs[index][3])) {
      if (JSON.stringify(inputs) !== JSON.stringify(manifest.inputs)) {
        writeAtomically(MANIFEST, `${JSON.stringify({ ...manifest, inputs })}\n`);
      }
      return false;
    }
  }
  await buildCli();
  return true;
}
