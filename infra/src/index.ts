export * from './app.js';
export * from './config/schema.js';
export * from './artifacts/types.js';
export { buildRepositoryArtifacts } from './artifacts/repository.js';
export { monitoredPipeline } from './monitoring/targets.js';
