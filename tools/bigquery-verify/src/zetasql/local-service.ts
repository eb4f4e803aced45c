/**
 * GoogleSQL's reference analyzer and evaluator (the ZetaSQL local service shipped by the npm
 * package `@fivetrandevelopers/zetasql`), started as a child process and spoken to over gRPC with
 * the package's own protos.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import protobuf from 'protobufjs';

const PACKAGE = '@fivetrandevelopers/zetasql';

// A resolved AST nests a few messages per expression level, so a real model's answer goes deeper
// than protobufjs's default of 100 (protoc's default for untrusted input; this is a local child).
const RESOLVED_AST_DEPTH_LIMIT = 20_000;
protobuf.util.recursionLimit = RESOLVED_AST_DEPTH_LIMIT;
protobuf.Reader.recursionLimit = RESOLVED_AST_DEPTH_LIMIT;
const SETUP_HINT = 'run `node scripts/setup.mjs --only npm` (or `npm ci`)';

/** A failure to start the service, worded as one line that says what to do. */
export class LocalServiceUnavailableError extends Error {
  override readonly name = 'LocalServiceUnavailableError';
}

/** Where the package keeps its binaries and protos. */
function packageDir(): string {
  try {
    const require = createRequire(import.meta.url);
    return join(dirname(require.resolve(`${PACKAGE}/package.json`)), 'lib', 'zetasql');
  } catch {
    throw new LocalServiceUnavailableError(`${PACKAGE} is not installed: ${SETUP_HINT}.`);
  }
}

/** The server binary for this platform in `dir`: the ELF `.so` file on Linux, `remote_server` on macOS. */
export function serverBinary(dir: string): string {
  if (process.arch !== 'x64' || (process.platform !== 'linux' && process.platform !== 'darwin')) {
    throw new LocalServiceUnavailableError(
      `${PACKAGE} ships the GoogleSQL analyzer for Linux and macOS on x86-64 only; run the BigQuery check on such a machine (found ${process.platform}-${process.arch}).`,
    );
  }
  const binary = join(dir, process.platform === 'linux' ? 'remote_server.so' : 'remote_server');
  if (!existsSync(binary)) {
    throw new LocalServiceUnavailableError(
      `${binary} is missing from ${PACKAGE}: reinstall it (\`rm -rf node_modules/${PACKAGE}\`, then ${SETUP_HINT}).`,
    );
  }
  try {
    accessSync(binary, constants.X_OK);
  } catch {
    throw new LocalServiceUnavailableError(
      `${binary} is not executable: reinstall ${PACKAGE} (\`rm -rf node_modules/${PACKAGE}\`, then ${SETUP_HINT}).`,
    );
  }
  return binary;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.unref();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => {
        if (address && typeof address === 'object') resolve(address.port);
        else reject(new Error('no free port on 127.0.0.1'));
      });
    });
  });
}

/** A plain object as proto-loader hands messages over (keepCase, enums and 64-bit ints as strings). */
export type Message = Record<string, unknown>;

type UnaryMethod = (
  request: Message,
  callback: (error: grpc.ServiceError | null, response: Message) => void,
) => void;

/** A gRPC error of the service: GoogleSQL's message (with its caret) is in `details`. */
export function isServiceError(error: unknown): error is grpc.ServiceError {
  return error instanceof Error && typeof (error as grpc.ServiceError).code === 'number';
}

/** One running ZetaSQL local service and a client bound to it. */
export class LocalService {
  private constructor(
    private readonly child: ChildProcess,
    private readonly client: grpc.Client & Record<string, UnaryMethod>,
  ) {}

  /** Starts the server on a free loopback port and waits until it answers. */
  static async start(timeoutMs = 20_000): Promise<LocalService> {
    const dir = packageDir();
    const binary = serverBinary(dir);
    const port = await freePort();
    const child = spawn(binary, ['127.0.0.1', String(port)], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString('utf8')).slice(-2000);
    });
    const exited = new Promise<never>((_, reject) => {
      child.once('error', (error) =>
        reject(
          new LocalServiceUnavailableError(
            `${binary} could not be started (${error.message}): reinstall ${PACKAGE} (${SETUP_HINT}).`,
          ),
        ),
      );
      child.once('exit', (code, signal) =>
        reject(
          new LocalServiceUnavailableError(
            `${binary} exited at start (${signal ?? `code ${code}`}${stderr.trim() ? `: ${stderr.trim().split('\n').pop()}` : ''}): reinstall ${PACKAGE} (${SETUP_HINT}).`,
          ),
        ),
      );
    });
    const definition = protoLoader.loadSync('local_service.proto', {
      includeDirs: [join(dir, 'protos')],
      keepCase: true,
      longs: String,
      enums: String,
      defaults: false,
      oneofs: true,
    });
    const loaded = grpc.loadPackageDefinition(definition) as unknown as {
      zetasql: { local_service: { ZetaSqlLocalService: grpc.ServiceClientConstructor } };
    };
    const Client = loaded.zetasql.local_service.ZetaSqlLocalService;
    const client = new Client(`127.0.0.1:${port}`, grpc.credentials.createInsecure(), {
      'grpc.max_receive_message_length': 256 * 1024 * 1024,
      'grpc.max_send_message_length': 256 * 1024 * 1024,
    }) as grpc.Client & Record<string, UnaryMethod>;
    const ready = new Promise<void>((resolve, reject) =>
      client.waitForReady(Date.now() + timeoutMs, (error) =>
        error
          ? reject(
              new LocalServiceUnavailableError(
                `${binary} did not answer on 127.0.0.1:${port} within ${timeoutMs / 1000}s: check that it runs (\`${binary} 127.0.0.1 ${port}\`) or reinstall ${PACKAGE}.`,
              ),
            )
          : resolve(),
      ),
    );
    try {
      await Promise.race([ready, exited]);
    } catch (error) {
      client.close();
      child.kill('SIGKILL');
      throw error;
    }
    exited.catch(() => undefined);
    return new LocalService(child, client);
  }

  /** Calls one unary method of `ZetaSqlLocalService`. */
  call(method: string, request: Message): Promise<Message> {
    const fn = this.client[method];
    if (typeof fn !== 'function') throw new Error(`ZetaSqlLocalService has no method ${method}`);
    return new Promise((resolve, reject) =>
      fn.call(this.client, request, (error, response) =>
        error ? reject(error) : resolve(response),
      ),
    );
  }

  /** Stops the server. */
  async stop(): Promise<void> {
    this.client.close();
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const gone = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.kill('SIGTERM');
    await Promise.race([gone, new Promise((resolve) => setTimeout(resolve, 2000))]);
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
  }
}
