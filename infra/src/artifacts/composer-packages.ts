import { existsSync, readFileSync } from 'node:fs';

const PINNED =
  /^([A-Za-z0-9][A-Za-z0-9._-]*(?:\[[A-Za-z0-9,._-]+\])?)\s*(==\s*[A-Za-z0-9.+!*-]+)\s*$/;

/**
 * Reads a pip requirements file into Composer's `pypi_packages` map. Every line must pin one exact
 * version (`name==1.2.3`), because Composer resolves against its own preinstalled packages and an
 * unpinned line makes environment updates unrepeatable.
 */
export function readComposerPackages(path: string): Record<string, string> {
  if (!existsSync(path)) throw new Error(`Composer requirements not found: ${path} does not exist`);
  const packages: Record<string, string> = {};
  readFileSync(path, 'utf8')
    .split('\n')
    .forEach((raw, index) => {
      const line = raw.replace(/#.*$/, '').trim();
      if (line === '') return;
      const match = PINNED.exec(line);
      if (!match?.[1] || !match[2]) {
        throw new Error(`${path}:${index + 1}: "${line}" is not pinned as name==version`);
      }
      const name = match[1].toLowerCase();
      if (name in packages) throw new Error(`${path}:${index + 1}: ${name} is listed twice`);
      packages[name] = match[2].replace(/\s+/g, '');
    });
  return packages;
}
