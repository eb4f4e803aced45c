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
