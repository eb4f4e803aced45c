/**
 * The parent side of the BigQuery API stand-in (`dbt_standin.py`): answers dbt-bigquery's jobs and
 * metadata calls from the {@link WarehouseCatalog}, analyzing every statement with GoogleSQL.
 *
 * This is a stand-in for the GCP control plane only: datasets, table metadata and job results.
 * What a statement means is decided by the real analyzer; the rows a SELECT returns by the real
 * evaluator over the rows the catalog holds (none unless a caller loads some).
 */
import type { AnalysisError, Analyzed, BigQueryAnalyzer } from './analyzer.js';
import type { CatalogTable } from './catalog.js';
import { evaluateQuery, type Rows } from './evaluator.js';
import type { LocalService } from './zetasql/local-service.js';
import { fieldOfType, typeOfField, type SchemaField } from './zetasql/types.js';
import type { PlainValue } from './zetasql/values.js';

/** One statement dbt sent, and what the analyzer made of it. */
export interface StatementRecord {
  /** The dbt node that sent it (`model.salesflow.fct_orders`), or `run` for hooks. */
  readonly node: string;
  readonly sql: string;
  readonly outcome: 'accepted' | 'rejected' | 'allowed';
  readonly statementType?: string;
  /** GoogleSQL's message (rejected or allowed statements). */
  readonly message?: string;
  /** Why an allowed rejection is not a failure. */
  readonly reason?: string;
}

/** Decides whether a rejection is a known gap of this analyzer build (see allow-list.ts). */
export type AllowRule = (node: string, message: string) => string | undefined;

/** Hooks a caller can use to give tables rows (execution parity). */
export interface ContentHooks {
  /** Rows of a table, for SELECTs and for `afterStatement`. */
  contentOf(table: CatalogTable): Rows | undefined;
  /** Called after each accepted statement, e.g. to evaluate the query of a CREATE … AS. */
  afterStatement?(sql: string, analyzed: Analyzed, node: string): Promise<void>;
}

interface Request {
  op: string;
  node?: string | null;
  sql?: string;
  path?: string[];
  sources?: string[][];
  schema?: SchemaField[];
  description?: string | null;
  csv?: string;
  skipLeadingRows?: number;
  project?: string;
  dryRun?: boolean;
}

type Answer = Record<string, unknown> & { ok: boolean };

/** Answers stand-in requests; records every statement. */
export class ControlPlane {
  readonly statements: StatementRecord[] = [];

  constructor(
    private readonly service: LocalService,
    private readonly analyzer: BigQueryAnalyzer,
    private readonly allow: AllowRule,
    private readonly content: ContentHooks = { contentOf: () => undefined },
  ) {}

  private get catalog() {
    return this.analyzer.catalog;
  }

  async answer(request: Request): Promise<Answer> {
    const node = request.node ?? 'run';
    const path = request.path ?? [];
    switch (request.op) {
      case 'query':
        return this.query(node, request.sql ?? '', request.dryRun ?? false);
      case 'get_table': {
        const table = this.catalog.getTable(path[0]!, path[1]!, path[2]!);
        return table ? { ok: true, ...describe(table) } : { ok: false };
      }
      case 'list_tables':
        if (!this.catalog.hasDataset(path[0]!, path[1]!)) return { ok: false };
        return {
          ok: true,
          tables: this.catalog
            .listTables(path[0]!, path[1]!)
            .map((table) => ({ name: table.name, ...describe(table) })),
        };
      case 'update_table': {
        const table = this.catalog.getTable(path[0]!, path[1]!, path[2]!);
        if (!table) return { ok: false, message: `Not found: Table ${path.join('.')}` };
        // Only descriptions change here (persist_docs); a schema update must not change types.
        table.description = request.description ?? table.description ?? null;
        return { ok: true };
      }
      case 'delete_table':
        return { ok: this.catalog.dropTable(path[0]!, path[1]!, path[2]!) };
      case 'copy_table': {
        const [source] = request.sources ?? [];
        const from = source ? this.catalog.getTable(source[0]!, source[1]!, source[2]!) : undefined;
        if (!from) return { ok: false, message: 'copy_table: source not found' };
        this.catalog.putTable({
          ...from,
          project: path[0]!,
          dataset: path[1]!,
          name: path[2]!,
          columns: [...from.columns],
        });
        return { ok: true };
      }
      case 'load_table': {
        const fields = request.schema ?? [];
        const table: CatalogTable = {
          project: path[0]!,
          dataset: path[1]!,
          name: path[2]!,
          kind: 'TABLE',
          columns: fields.map((field) => ({ name: field.name, type: typeOfField(field) })),
          description: null,
        };
        this.catalog.putTable(table);
        this.loaded.set(table, parseCsv(request.csv ?? '', request.skipLeadingRows ?? 0));
        return { ok: true };
      }
      case 'get_dataset':
        return { ok: this.catalog.hasDataset(path[0]!, path[1]!) };
      case 'create_dataset':
        this.catalog.ensureDataset(path[0]!, path[1]!);
        return { ok: true };
      case 'delete_dataset':
        this.catalog.deleteDataset(path[0]!, path[1]!);
        return { ok: true };
      case 'list_datasets':
        return { ok: true, datasets: this.catalog.listDatasets(request.project ?? '') };
      default:
        return { ok: false, message: `the stand-in does not implement ${request.op}` };
    }
  }

  /** Seed files loaded through the API (load jobs), as text cells. */
  readonly loaded = new Map<CatalogTable, string[][]>();

  private async query(node: string, sql: string, dryRun: boolean): Promise<Answer> {
    if (sql.trim() === '') return { ok: true, statementType: 'SCRIPT' };
    let analyzed: Analyzed;
    try {
      analyzed = await this.analyzer.analyze(sql);
    } catch (error) {
      const message = (error as AnalysisError).message;
      if ((error as Error).name !== 'AnalysisError') throw error;
      const reason = this.allow(node, message);
      this.statements.push({
        node,
        sql,
        outcome: reason ? 'allowed' : 'rejected',
        message,
        ...(reason ? { reason } : {}),
      });
      return reason
        ? { ok: true, statementType: 'SCRIPT' }
        : { ok: false, message: `GoogleSQL analyzer: ${message}` };
    }
    this.statements.push({ node, sql, outcome: 'accepted', statementType: analyzed.statementType });
    if (dryRun) return { ok: true, statementType: analyzed.statementType };
    await this.content.afterStatement?.(sql, analyzed, node);
    const answer: Answer = { ok: true, statementType: analyzed.statementType };
    if (analyzed.destination) answer['destination'] = analyzed.destination;
    if (analyzed.statementType === 'SELECT') {
      const result = await evaluateQuery(
        this.service,
        this.analyzer.languageOptions,
        this.catalog,
        sql,
        (table) => this.content.contentOf(table),
      );
      answer['schema'] = result.columns.map((column) => fieldOfType(column.name, column.type));
      answer['rows'] = result.rows.map((row) =>
        Object.fromEntries(
          result.columns.map((column, index) => [column.name, jsonCell(row[index])]),
        ),
      );
    }
    return answer;
  }
}

function describe(table: CatalogTable): Record<string, unknown> {
  return {
    kind: table.kind,
    description: table.description ?? null,
    schema: table.columns.map((column) => fieldOfType(column.name, column.type)),
  };
}

/** A result cell as dbt reads it from the BigQuery client (numbers stay numbers). */
function jsonCell(value: PlainValue | undefined): PlainValue {
  if (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value) && value.length < 16) {
    return Number(value);
  }
  return value ?? null;
}

/** RFC 4180 CSV (quoted fields, doubled quotes), as dbt writes seed files for load jobs. */
export function parseCsv(text: string, skipLeadingRows: number): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index]!;
    if (quoted) {
      if (char === '"' && text[index + 1] === '"') {
        cell += '"';
        index += 1;
      } else if (char === '"') quoted = false;
      else cell += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      row.push(cell);
      cell = '';
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && text[index + 1] === '\n') index += 1;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += char;
  }
  if (cell !== '' || row.length > 0) {
    row.push(cell);
    rows.push(row);
  }
  return rows.slice(skipLeadingRows);
}
