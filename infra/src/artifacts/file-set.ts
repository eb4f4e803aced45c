import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { FileSet } from './types.js';

export interface FileSetOptions {
  /** Directory names skipped wherever they occur (build output, caches, tests). */
  readonly skipDirectories: readonly string[];
  /** Keeps a file (relative path) when true. */
  readonly include: (relativePath: string) => boolean;
  /** What the set is, for the error message when it is empty or missing. */
  readonly description: string;
}

/** Lists the files under `baseDir` to upload, sorted; fails when there are none. */
export function collectFileSet(baseDir: string, options: FileSetOptions): FileSet {
  if (!existsSync(baseDir))
    throw new Error(`${options.description} not found: ${baseDir} does not exist`);
  const files: string[] = [];
  const walk = (relative: string): void => {
    for (const entry of readdirSync(join(baseDir, relative)).sort()) {
      const path = relative === '' ? entry : `${relative}/${entry}`;
      if (statSync(join(baseDir, path)).isDirectory()) {
        if (!options.skipDirectories.includes(entry) && !entry.startsWith('.')) walk(path);
      } else if (options.include(path)) {
        files.push(path);
      }
    }
  };
  walk('');
  if (files.length === 0)
    throw new Error(`${options.description} not found: ${baseDir} holds no matching files`);
  return { baseDir, files };
}
