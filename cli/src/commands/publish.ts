import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { Command } from 'commander';
import { z } from 'zod';
import { INGEST_ROUTES, ROUTE_ATTRIBUTE, TOPOLOGY, type IngestRoute } from '@salesflow/contract';
import type { SinkReport } from '@salesflow/generator';
import { loadConfig, LOCAL_PROJECT, type CliConfig } from '../config.js';
import { UsageError } from '../errors.js';
import { parseFlags, wholeNumber } from '../flags.js';
import { ProgressBar } from '../progress.js';

const PublishFlags = z.object({
  file: z
    .string({ error: '--file is required (an NDJSON file, or - for stdin)' })
    .min(1, '--file must name a file'),
  topic: z
    .string()
    .regex(/^[A-Za-z][A-Za-z0-9\-_.~+%]{2,254}$/, '--topic must be a valid Pub/Sub topic name'),
  project: z.string().min(1, '--project must not be empty').optional(),
  source: z.string().min(1).max(64, '--source must be at most 64 characters').optional(),
  route: z
    .enum(INGEST_ROUTES, { error: `--route must be one of ${INGEST_ROUTES.join(', ')}` })
    .optional(),
  batchSize: wholeNumber('--batch-size', 1).refine(
    (n) => n <= 1000,
    '--batch-size must be at most 1000',
  ),
  maxOutstanding: wholeNumber('--max-outstanding', 1),
});

/** The validated plan of one `salesflow publish` run. */
export interface PublishPlan {
  readonly file: string;
  readonly topic: string;
  readonly projectId: string;
  readonly emulatorHost?: string;
  readonly source: string;
  /** The ingest path the messages ask for; the environment's default path when absent. */
  readonly route?: IngestRoute;
  readonly batchSize: number;
  readonly maxOutstanding: number;
}

/** Turns raw flags and the configuration into a plan, or a one-line usage error. */
export function planPublish(raw: unknown, config: CliConfig): PublishPlan {
  const flags = parseFlags(PublishFlags, raw);
  const emulatorHost = config.pubsub.emulatorHost;
  const projectId =
    flags.project ??
    config.pubsub.projectId ??
    (emulatorHost === undefined ? undefined : LOCAL_PROJECT);
  if (projectId === undefined) {
    throw new UsageError(
      'no project: pass --project, or set GOOGLE_CLOUD_PROJECT (or PUBSUB_EMULATOR_HOST for the emulator)',
    );
  }
  return {
    file: flags.file,
    topic: flags.topic,
    projectId,
    ...(emulatorHost === undefined ? {} : { emulatorHost }),
    source: flags.source ?? config.source,
    ...(flags.route === undefined ? {} : { route: flags.route }),
    batchSize: flags.batchSize,
    maxOutstanding: flags.maxOutstanding,
  };
}

/** Publishes every line of the plan's file verbatim as one message; reports counts. */
export async function runPublish(
  plan: PublishPlan,
  progress: ProgressBar,
  input: AsyncIterable<Buffer> = createReadStream(plan.file, { highWaterMark: 1 << 20 }),
): Promise<SinkReport & { readonly seconds: number }> {
  const { createPubSubClient, messageAttributes, PubSubSink, readLines } =
    await import('@salesflow/generator');
  const client = createPubSubClient({
    projectId: plan.projectId,
    ...(plan.emulatorHost === undefined ? {} : { emulatorHost: plan.emulatorHost }),
  });
  const started = performance.now();
  try {
    const sink = new PubSubSink({
      client,
      topic: plan.topic,
      batching: { maxMessages: plan.batchSize },
      flowControl: { maxOutstandingMessages: plan.maxOutstanding },
    });
    const route = plan.route === undefined ? {} : { [ROUTE_ATTRIBUTE]: plan.route };
    for await (const line of readLines(input)) {
      const attributes = { ...messageAttributes(line, plan.source), ...route };
      const wait = sink.write({ data: line, attributes });
      if (wait !== undefined) await wait;
      progress.tick();
    }
    const report = await sink.close();
    progress.finish();
    return { ...report, seconds: (performance.now() - started) / 1000 };
  } finally {
    await client.close();
  }
}

/** `salesflow publish`: each NDJSON line, valid or not, as one Pub/Sub message. */
export function register(program: Command): void {
  program
    .command('publish')
    .description(
      'publish each line of an NDJSON file verbatim (valid or not) as one Pub/Sub message',
    )
    .option('--file <file>', 'NDJSON file to publish, - for stdin')
    .option('--topic <name>', 'topic to publish to', TOPOLOGY.topic)
    .option(
      '--project <id>',
      'GCP project (default: PUBSUB_PROJECT_ID / GOOGLE_CLOUD_PROJECT, or the local one on the emulator)',
    )
    .option(
      '--source <name>',
      'the source attribute of every message (default: SALESFLOW_SOURCE or generator)',
    )
    .option(
      '--route <path>',
      `ingest path for every message (${INGEST_ROUTES.join(' | ')}; default: the environment's default path)`,
    )
    .option('--batch-size <n>', 'messages per publish request (≤ 1000)', '1000')
    .option('--max-outstanding <n>', 'flow control: most messages in flight at once', '20000')
    .action(async (raw: Record<string, unknown>) => {
      const plan = planPublish(raw, loadConfig());
      let total = 0;
      if (plan.file !== '-') {
        const info = await stat(plan.file).catch(() => undefined);
        if (info === undefined || !info.isFile())
          throw new UsageError(`--file ${plan.file}: no such file`);
        total = 0; // unknown line count up front; the bar shows a counter
      }
      const progress = new ProgressBar({
        label: 'publish',
        total,
        stream: process.stderr,
        enabled: ProgressBar.shouldShow(process.stderr, undefined),
      });
      const input = plan.file === '-' ? (process.stdin as AsyncIterable<Buffer>) : undefined;
      const report = await runPublish(plan, progress, input);
      const perSecond =
        report.seconds > 0 ? Math.round(report.published / report.seconds) : report.published;
      process.stdout.write(
        `published ${report.published}, failed ${report.failed}, ${report.seconds.toFixed(2)} s, ${perSecond} msgs/s` +
          ` → ${plan.topic} (${plan.emulatorHost ?? 'pubsub.googleapis.com'}, project ${plan.projectId})\n`,
      );
      for (const error of report.errors.slice(0, 5))
        process.stderr.write(`  ${error.count}× ${error.message}\n`);
      if (report.failed > 0) throw new Error(`${report.failed} messages could not be published`);
    });
}
