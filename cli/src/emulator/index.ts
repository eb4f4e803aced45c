export {
  startEmulator,
  LOCAL_PROJECT_ID,
  type RunningEmulator,
  type StartEmulatorOptions,
} from './process.js';
export { ensureTopology, emulatorClient } from './topology.js';
export {
  readState,
  writeState,
  clearState,
  isAlive,
  statePath,
  type EmulatorState,
} from './state.js';
