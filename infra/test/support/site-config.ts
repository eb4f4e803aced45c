import { ENVIRONMENTS as EXAMPLES } from '../../config/index.js';
import { parseEnvironmentConfig, type EnvironmentConfig } from '../../src/config/schema.js';

/** Replaces every address in the reserved example domains with one in the reserved `.test` TLD. */
function fillIn(value: unknown): unknown {
  if (typeof value === 'string')
    return value.replace(/@example\.(com|org|net)$/, '@salesflow.test');
  if (Array.isArray(value)) return value.map(fillIn);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, fillIn(item)]));
  }
  return value;
}

/**
 * The repository's environments with the site-specific settings filled in, as a user does before
 * the first synth (docs/deploy.md, "Configure the environment"). The CLI tests point the app here
 * through `SALESFLOW_CONFIG`, the app's way to read settings kept outside the repository.
 */
export const ENVIRONMENTS: readonly EnvironmentConfig[] = EXAMPLES.map((config) =>
  parseEnvironmentConfig(fillIn(config)),
);

/** This module's path, for `SALESFLOW_CONFIG`. */
export const SITE_CONFIG_MODULE = new URL(import.meta.url).pathname;
