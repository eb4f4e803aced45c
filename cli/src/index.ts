export { buildProgram, main } from './main.js';
export { loadConfig, LOCAL_PROJECT, type CliConfig } from './config.js';
export { UsageError, EXIT } from './errors.js';
export { ProgressBar, type ProgressOptions, type ProgressStream } from './progress.js';
