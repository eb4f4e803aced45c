/**
 * The local world's public surface: start the stack, ingest through it, run dbt on the local
 * warehouse, and the pieces the `salesflow` command and the benchmarks use on their own.
 */
export { startLocalStack, type LocalStack, type LocalStackOptions } from './stack.js';
export {
  ingest,
  type IngestOptions,
  type IngestProgress,
  type IngestResult,
  type IngestTarget,
  type MessageSource,
  type PollFigures,
  type PublishRound,
} from './ingest/ingest.js';
export { IngestLedger, type Accounting, type TrackedMessage } from './ingest/ledger.js';
export {
  startEmulator,
  LOCAL_PROJECT_ID,
  type RunningEmulator,
  type StartEmulatorOptions,
} from './pubsub/emulator.js';
export { ensureTopology, emulatorClient } from './pubsub/topology.js';
export {
  readState,
  writeState,
  clearState,
  isAlive,
  statePath,
  type EmulatorState,
} from './pubsub/emulator-state.js';
export { landFxRates } from './bronze/duckdb-sink.js';
export { freePort, type FunctionProcess } from './function/function-process.js';
export { LandingLayout } from './bronze/landing-layout.js';
export {
  runDbt,
  runDbtStep,
  runRound,
  DbtStepError,
  DBT_PROJECT_DIR,
  ROUND_ARGS,
  ROUND_VARS,
  NIGHTLY_CHECKS_ARGS,
  FRESHNESS_ARGS,
  type DbtContext,
  type DbtResult,
} from './dbt/runner.js';
export { DbtWorker, type DbtWorkerOptions, type WorkerReply } from './dbt/worker.js';
export {
  collectPeriodically,
  COLLECTOR_NOT_EXPOSED,
  exposedCollector,
  FULL_COLLECTION_EVERY_MS,
  type FullCollections,
  type FullCollector,
} from './full-collection.js';
