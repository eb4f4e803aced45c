import type { EnvironmentConfig } from '../src/config/schema.js';
import { dev } from './dev.js';
import { prod } from './prod.js';

/** Every deployment environment, each synthesized into its own set of stacks. */
export const ENVIRONMENTS: readonly EnvironmentConfig[] = [dev, prod];
