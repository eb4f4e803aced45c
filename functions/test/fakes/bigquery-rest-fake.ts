import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { BRONZE_TABLES, bigQuerySchema, type BigQueryField } from '@salesflow/contract';

/** One request the fake received. */
export interface RecordedRequest {
  method: string;
  path: string;
  body: Record<string, unknown>;
}

interface ScriptedFailure {
  status: number;
  reason: string;
  message: string;
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DECIMAL = /^-?\d+(\.\d+)?$/;

/** Why a value does not fit a BigQuery column, as the JSON API would judge it; null when it fits. */
function invalidValue(field: BigQueryField, value: unknown): string | null {
  if (value === null || value === undefined)
    return field.mode === 'REQUIRED' ? 'Missing required field' : null;
  switch (field.type) {
    case 'STRING':
      return typeof value === 'string' ? null : 'expected a string';
    case 'INT64':
      return Number.isInteger(typeof value === 'string' ? Number(value) : value)
        ? null
        : 'expected an integer';
    case 'NUMERIC':
      return typeof value === 'string' && DECIMAL.test(value) ? null : 'expected a decimal string';
    case 'TIMESTAMP':
      return typeof value === 'string' && !Number.isNaN(Date.parse(value))
        ? null
        : 'Could not parse as timestamp';
    case 'DATE':
      return typeof value === 'string' && DATE.test(value) ? null : 'Could not parse as date';
    case 'BYTES':
      return typeof value === 'string' && value.length % 4 === 0 && BASE64.test(value)
        ? null
        : 'expected base64 bytes';
    case 'JSON':
      if (typeof value !== 'string') return 'expected JSON text';
      try {
        JSON.parse(value);
        return null;
      } catch {
        return 'Could not parse as JSON';
      }
    case 'RECORD':
      return 'the sinks write no RECORD columns';
  }
}

/**
 * A FAKE of the BigQuery REST endpoints the sink calls — `tabledata.insertAll` and `jobs.query` —
 * served in-process on 127.0.0.1. It checks insertAll rows against the contract's Bronze schemas
 * (required fields, types, JSON as text, BYTES as base64) the way the service reports per-row
 * `insertErrors`, and fails on demand with scripted HTTP errors. It is not BigQuery: contract tests
 * against it should be re-run against a real emulator (goccy bigquery-emulator) where one can run.
 */
export class BigQueryRestFake {
  readonly requests: RecordedRequest[] = [];
  readonly tables = new Map<string, Record<string, unknown>[]>();
  private readonly failures: ScriptedFailure[] = [];
  private server: Server | undefined;
  endpoint = '';

  /** Makes the next request fail with this HTTP status and BigQuery error reason. */
  failNext(status: number, reason: string, message = reason): void {
    this.failures.push({ status, reason, message });
  }

  async start(): Promise<void> {
    this.server = createServer((request, response) => void this.handle(request, response));
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.endpoint = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const body = (text ? JSON.parse(text) : {}) as Record<string, unknown>;
    const path = new URL(request.url ?? '/', 'http://fake').pathname;
    this.requests.push({ method: request.method ?? '', path, body });
    const reply = (status: number, payload: unknown): void => {
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(payload));
    };
    const failure = this.failures.shift();
    if (failure) {
      reply(failure.status, {
        error: {
          code: failure.status,
          message: failure.message,
          errors: [{ reason: failure.reason, message: failure.message }],
        },
      });
      return;
    }
    const insertAll =
      /^\/bigquery\/v2\/projects\/([^/]+)\/datasets\/([^/]+)\/tables\/([^/]+)\/insertAll$/.exec(
        path,
      );
    if (insertAll && request.method === 'POST') {
      reply(200, this.insertAll(insertAll[3] ?? '', body));
      return;
    }
    const query = /^\/bigquery\/v2\/projects\/([^/]+)\/queries$/.exec(path);
    if (query && request.method === 'POST') {
      reply(200, {
        kind: 'bigquery#queryResponse',
        jobComplete: true,
        jobReference: { projectId: query[1], jobId: `job-${this.requests.length}`, location: 'EU' },
        totalRows: '0',
        schema: { fields: [] },
        rows: [],
        numDmlAffectedRows: String(
          (
            (
              body['queryParameters'] as
                { parameterValue?: { arrayValues?: unknown[] } }[] | undefined
            )?.[0]?.parameterValue?.arrayValues ?? []
          ).length,
        ),
      });
      return;
    }
    reply(404, {
      error: {
        code: 404,
        message: `Not found: ${path}`,
        errors: [{ reason: 'notFound', message: path }],
      },
    });
  }

  private insertAll(tableName: string, body: Record<string, unknown>): Record<string, unknown> {
    const table = BRONZE_TABLES.find((candidate) => candidate.name === tableName);
    const rows = (body['rows'] ?? []) as { insertId?: string; json?: Record<string, unknown> }[];
    if (!table)
      return {
        kind: 'bigquery#tableDataInsertAllResponse',
        insertErrors: rows.map((_, index) => ({
          index,
          errors: [{ reason: 'notFound', message: `table ${tableName}` }],
        })),
      };
    const fields = bigQuerySchema(table);
    const insertErrors: {
      index: number;
      errors: { reason: string; location?: string; message: string }[];
    }[] = [];
    rows.forEach((row, index) => {
      const json = row.json ?? {};
      const errors = fields.flatMap((field) => {
        const problem = invalidValue(field, json[field.name]);
        return problem ? [{ reason: 'invalid', location: field.name, message: problem }] : [];
      });
      for (const key of Object.keys(json)) {
        if (!fields.some((field) => field.name === key) && body['ignoreUnknownValues'] !== true) {
          errors.push({ reason: 'invalid', location: key, message: 'no such field' });
        }
      }
      if (errors.length > 0) insertErrors.push({ index, errors });
    });
    const skipInvalid = body['skipInvalidRows'] === true;
    if (insertErrors.length > 0 && !skipInvalid) {
      const failed = new Set(insertErrors.map((error) => error.index));
      rows.forEach((_, index) => {
        if (!failed.has(index))
          insertErrors.push({ index, errors: [{ reason: 'stopped', message: '' }] });
      });
    } else {
      const failed = new Set(insertErrors.map((error) => error.index));
      const stored = this.tables.get(tableName) ?? [];
      rows.forEach((row, index) => {
        if (!failed.has(index)) stored.push({ insertId: row.insertId, ...row.json });
      });
      this.tables.set(tableName, stored);
    }
    return insertErrors.length > 0
      ? { kind: 'bigquery#tableDataInsertAllResponse', insertErrors }
      : { kind: 'bigquery#tableDataInsertAllResponse' };
  }
}
