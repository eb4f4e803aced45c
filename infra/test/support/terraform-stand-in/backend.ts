import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import type { BackendRef } from './stack-config.js';

/** An output as `terraform output -json` prints it. */
export interface StateOutput {
  readonly value: unknown;
  readonly type: string;
  readonly sensitive: boolean;
}

/** What the stand-in keeps per state: managed resources and the root module's outputs. */
export interface StandInState {
  /** Resource address → digest of the configuration it was applied with. */
  readonly resources: Readonly<Record<string, string>>;
  readonly outputs: Readonly<Record<string, StateOutput>>;
}

/**
 * The file under `stateRoot` that stands for a backend's state object. GCS keeps
 * `<prefix>/<workspace>.tfstate` in the bucket; a local backend keeps its `path`. Nothing is
 * written outside `stateRoot`, whatever path or bucket the configuration names.
 */
export function stateFile(stateRoot: string, backend: BackendRef, cwd: string): string {
  switch (backend.type) {
    case 'gcs': {
      const bucket = String(backend.config['bucket']);
      const prefix = String(backend.config['prefix'] ?? '');
      return join(stateRoot, 'gcs', bucket, prefix, `${backend.workspace}.tfstate`);
    }
    case 'local': {
      const path = String(backend.config['path'] ?? 'terraform.tfstate');
      return join(stateRoot, 'local', isAbsolute(path) ? path : resolve(cwd, path));
    }
    default:
      throw new Error(
        `the terraform stand-in models the local and gcs backends, not ${backend.type}`,
      );
  }
}

/** The stored state, or undefined when the backend holds none ("no stored state was found"). */
export function readState(file: string): StandInState | undefined {
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as StandInState) : undefined;
}

/** Stores a state, creating the bucket prefix or directory on first use. */
export function writeState(file: string, state: StandInState): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(state, null, 2)}\n`);
}
