import type { Command } from 'commander';
import { UsageError } from '../errors.js';
import { TOPOLOGY } from '@salesflow/contract';

const LOCAL_DIR = '.local';

/** `salesflow emulators start|stop|status`: the local Pub/Sub (Google's pstest) as a background service. */
export function register(program: Command): void {
  const emulators = program
    .command('emulators')
    .description('manage the local Pub/Sub emulator (Google pstest) used by the local pipeline');

  emulators
    .command('start')
    .description(
      'build (cached) and start the emulator in the background, and create the topics and subscriptions',
    )
    .option('--port <port>', 'TCP port on 127.0.0.1 (0 picks a free one)', '8085')
    .action(async (options: { port: string }) => {
      const port = Number(options.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) {
        throw new UsageError(`--port must be an integer 0..65535, got "${options.port}"`);
      }
      const {
        emulatorClient,
        ensureTopology,
        isAlive,
        readState,
        startEmulator,
        writeState,
        LOCAL_PROJECT_ID,
      } = await import('@salesflow/local');
      const existing = readState(LOCAL_DIR);
      if (existing && isAlive(existing.pid)) {
        process.stdout.write(
          `Pub/Sub emulator already running at ${existing.host} (pid ${existing.pid})\n`,
        );
        return;
      }
      const emulator = await startEmulator({ port, detached: true });
      const client = emulatorClient(emulator.host, LOCAL_PROJECT_ID);
      try {
        await ensureTopology(client);
      } finally {
        await client.close();
      }
      writeState(LOCAL_DIR, {
        pid: emulator.pid,
        host: emulator.host,
        projectId: emulator.projectId,
        startedAt: new Date().toISOString(),
      });
      process.stdout.write(
        `Pub/Sub emulator running at ${emulator.host} (pid ${emulator.pid}), project ${emulator.projectId}\n` +
          `topics: ${TOPOLOGY.topic}, ${TOPOLOGY.deadLetterTopic}; subscriptions: ${TOPOLOGY.ingestSubscription}, ${TOPOLOGY.deadLetterSubscription}\n` +
          `export PUBSUB_EMULATOR_HOST=${emulator.host}\n`,
      );
    });

  emulators
    .command('status')
    .description('show whether the emulator runs and what it holds; exits 1 when it is not running')
    .action(async () => {
      const { emulatorClient, isAlive, readState } = await import('@salesflow/local');
      const state = readState(LOCAL_DIR);
      if (!state || !isAlive(state.pid)) {
        process.stdout.write('Pub/Sub emulator: not running\n');
        process.exitCode = 1;
        return;
      }
      const client = emulatorClient(state.host, state.projectId);
      try {
        const [topics] = await client.getTopics();
        const [subscriptions] = await client.getSubscriptions();
        const names = (items: Array<{ name: string }>) =>
          items.map((item) => item.name.split('/').pop()).join(', ');
        process.stdout.write(
          `Pub/Sub emulator: running at ${state.host} (pid ${state.pid}) since ${state.startedAt}\n` +
            `topics: ${names(topics)}\nsubscriptions: ${names(subscriptions)}\n`,
        );
      } finally {
        await client.close();
      }
    });

  emulators
    .command('stop')
    .description('stop the background emulator')
    .action(async () => {
      const { clearState, isAlive, readState } = await import('@salesflow/local');
      const state = readState(LOCAL_DIR);
      if (!state || !isAlive(state.pid)) {
        clearState(LOCAL_DIR);
        process.stdout.write('Pub/Sub emulator: not running\n');
        return;
      }
      process.kill(state.pid, 'SIGTERM');
      const deadline = Date.now() + 5_000;
      while (isAlive(state.pid) && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 100));
      if (isAlive(state.pid)) process.kill(state.pid, 'SIGKILL');
      clearState(LOCAL_DIR);
      process.stdout.write(`Pub/Sub emulator stopped (pid ${state.pid})\n`);
    });
}
