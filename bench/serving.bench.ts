/**
 * Serving cost per pushed message: CPU time of the server process per request, for the requests
 * the push bridge sends (Pub/Sub push bodies of generator events), at a fixed concurrency, for
 * three servers — Node's bare HTTP server, the Functions Framework with a function that does
 * nothing, and ingestSales with the DuckDB Bronze sink — plus the bridge's own HTTP client cost.
 *
 * These set the ceiling of the local end-to-end rate: every event costs at least the framework's
 * no-op request, whatever the function does, on the same cores as the emulator and the bridge.
 *
 * Run: `npx tsx bench/serving.bench.ts [requests] [concurrency]`.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  freePort,
  startLocalIngestFunction,
  type FunctionProcess,
} from '@salesflow/local/function/function-process';
import { HttpPoster } from '@salesflow/local/bridge/http-post';
import { pushEndpoint, toPushRequest } from '@salesflow/local/bridge/push-request';
import { createGenerator } from '@salesflow/generator';
import type { Figure } from './figures.js';

const require = createRequire(import.meta.url);
const HOST = join(dirname(fileURLToPath(import.meta.url)), 'support', 'serving-host.ts');
const ORIGIN = { projectId: 'salesflow-local', topic: 'sales-events', subscription: 'bench' };

/** Options of {@link runServingBench}. */
export interface ServingBenchOptions {
  /** Measured requests per server (a fifth as many again warm it up first). */
  requests?: number;
  /** Requests in flight at once. */
  concurrency?: number;
}

interface Server {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

/** CPU time (user + system) a process has used, in microseconds, from `/proc/<pid>/stat`. */
function processCpuMicros(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return ((Number(fields[11]) + Number(fields[12])) * 1e6) / 100;
}

async function startHost(kind: 'bare' | 'noop'): Promise<Server> {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [
      '--max-semi-space-size=32',
      '--import',
      pathToFileURL(require.resolve('tsx')).href,
      HOST,
      `--kind=${kind}`,
      `--port=${port}`,
    ],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  const url = `http://127.0.0.1:${port}/`;
  const probe = new HttpPoster(url, 1, 1_000);
  try {
    for (let attempt = 0; ; attempt += 1) {
      const answer = await probe.post({ 'content-type': 'application/json' }, '{}');
      if ('status' in answer) break;
      if (attempt > 300 || child.exitCode !== null)
        throw new Error(`the ${kind} serving host did not start`);
      await sleep(100);
    }
  } finally {
    probe.close();
  }
  const exited = new Promise((done) => child.once('exit', done));
  return {
    url,
    pid: child.pid ?? -1,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

function fromFunction(fn: FunctionProcess): Server {
  return { url: fn.url, pid: fn.pid, stop: () => fn.stop() };
}

/**
 * Pushes requests `[from, to)` to `server` with `concurrency` in flight; returns the server's and
 * this process's CPU microseconds spent meanwhile.
 */
async function push(
  server: Server,
  bodies: readonly { headers: Record<string, string>; body: string }[],
  from: number,
  to: number,
  concurrency: number,
): Promise<{ serverMicros: number; clientMicros: number }> {
  const poster = new HttpPoster(pushEndpoint(server.url, ORIGIN), concurrency, 30_000);
  const serverBefore = processCpuMicros(server.pid);
  const clientBefore = process.cpuUsage();
  let next = from;
  try {
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < to) {
          const request = bodies[next++]!;
          const answer = await poster.post(request.headers, request.body);
          if (!('status' in answer) || answer.status >= 300)
            throw new Error(`the server refused a push: ${JSON.stringify(answer)}`);
        }
      }),
    );
  } finally {
    poster.close();
  }
  const client = process.cpuUsage(clientBefore);
  return {
    serverMicros: processCpuMicros(server.pid) - serverBefore,
    clientMicros: client.user + client.system,
  };
}

/** Runs the benchmark and returns its figures. */
export async function runServingBench(options: ServingBenchOptions = {}): Promise<Figure[]> {
  const requests = options.requests ?? 20_000;
  const concurrency = options.concurrency ?? 64;
  const warmup = Math.ceil(requests / 5);
  const generator = createGenerator({
    seed: 7,
    events: warmup + requests,
    from: Date.parse('2026-01-01T00:00:00Z'),
    to: Date.parse('2026-05-01T00:00:00Z'),
  });
  const publishTime = new Date();
  const bodies = [...generator].map((message, index) =>
    toPushRequest(
      { id: String(index + 1), data: message.data, attributes: {}, publishTime },
      ORIGIN,
    ),
  );
  const dir = mkdtempSync(join(tmpdir(), 'salesflow-serving-bench-'));
  const servers: Array<[string, () => Promise<Server>]> = [
    ['bare_http', () => startHost('bare')],
    ['functions_framework_noop', () => startHost('noop')],
    [
      'ingest_sales_duckdb',
      async () =>
        fromFunction(
          await startLocalIngestFunction({ warehousePath: join(dir, 'warehouse.duckdb') }),
        ),
    ],
  ];
  const figures: Figure[] = [];
  try {
    let clientMicros = 0;
    let ingestMicros = Number.NaN;
    for (const [name, start] of servers) {
      const server = await start();
      try {
        await push(server, bodies, 0, warmup, concurrency);
        const cost = await push(server, bodies, warmup, warmup + requests, concurrency);
        const perRequest = cost.serverMicros / requests;
        figures.push({
          name: `serving.${name}_cpu_per_request`,
          value: Math.round(perRequest),
          unit: 'µs',
        });
        if (name === 'ingest_sales_duckdb') {
          ingestMicros = perRequest;
          clientMicros = cost.clientMicros / requests;
        }
      } finally {
        await server.stop();
      }
    }
    figures.push(
      { name: 'serving.push_client_cpu_per_request', value: Math.round(clientMicros), unit: 'µs' },
      {
        // What every core of the machine could serve if it did nothing but run ingestSales.
        name: 'serving.ingest_sales_ceiling_all_cores',
        value: Math.round((cpus().length * 1e6) / ingestMicros),
        unit: 'events/s',
      },
    );
    return figures;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [requests, concurrency] = process.argv.slice(2).map(Number);
  const figures = await runServingBench({
    ...(requests ? { requests } : {}),
    ...(concurrency ? { concurrency } : {}),
  });
  for (const figure of figures)
    console.log(`${figure.name.padEnd(48)} ${String(figure.value).padStart(10)} ${figure.unit}`);
}
