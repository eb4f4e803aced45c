/**
 * The BigQuery side of the parity check: the rows each table holds when dbt-bigquery's own
 * statements are run by GoogleSQL's reference evaluator instead of BigQuery.
 *
 * Hooked into the API stand-in's control plane (see control-plane.ts), it keeps the rows of every
 * table: Bronze from the sample, seeds from dbt's load jobs, and each `CREATE … AS SELECT` and
 * `CREATE VIEW` — its query is evaluated over the rows of the tables it reads, which were
 * evaluated before it in dependency order. A snapshot's MERGE runs as DML (see merge.ts).
 */
import { findFirst, range, type Analyzed, type BigQueryAnalyzer } from '../analyzer.js';
import type { CatalogTable } from '../catalog.js';
import type { ContentHooks } from '../control-plane.js';
import { dottedName, evaluateModify, evaluateQuery, type Rows } from '../evaluator.js';
import type { LocalService } from '../zetasql/local-service.js';
import type { Column, TypeProto } from '../zetasql/types.js';
import type { PlainValue } from '../zetasql/values.js';
import { mergeAsDml } from './merge.js';
import type { BronzeRows } from './sample.js';

/** A table's columns and rows as the evaluator left them. */
export interface EvaluatedTable {
  readonly columns: readonly Column[];
  readonly rows: Rows;
}

const ROW_KEY: Column = { name: '__parity_row', type: { type_kind: 'TYPE_INT64' } };

/** A text cell of a seed file as a value of `type` (an empty cell is NULL, as BigQuery loads it). */
function seedValue(cell: string | undefined, type: TypeProto): PlainValue {
  if (cell === undefined || cell === '') return null;
  if (type.type_kind === 'TYPE_BOOL') return cell.toLowerCase() === 'true';
  if (type.type_kind === 'TYPE_DOUBLE') return Number(cell);
  return cell;
}

/** Evaluates what dbt-bigquery creates, in the order it creates it. */
export class EvaluatingWarehouse implements ContentHooks {
  private readonly content = new Map<string, Rows>();
  private bronze: BronzeRows = new Map();
  /** Seed rows as dbt loaded them (text cells), by table. */
  seeds: ReadonlyMap<CatalogTable, string[][]> = new Map();
  /** Statements that could not be evaluated, with the evaluator's message. */
  readonly failures: { node: string; sql: string; message: string }[] = [];

  constructor(
    private readonly service: LocalService,
    private readonly analyzer: BigQueryAnalyzer,
  ) {}

  /** Gives a table of the default project rows (in column order). */
  setRows(dataset: string, name: string, rows: Rows): void {
    this.content.set(
      `${this.analyzer.catalog.defaultProject}.${dataset}.${name}`.toLowerCase(),
      rows,
    );
  }

  /** The Bronze rows the next statements read. */
  setBronze(rows: BronzeRows): void {
    this.bronze = rows;
  }

  /** A table's rows: Bronze from the sample, seeds from dbt's load jobs, else what was evaluated. */
  contentOf(table: CatalogTable): Rows | undefined {
    if (table.dataset === 'bronze') {
      return (this.bronze.get(table.name) ?? []).map((row) =>
        table.columns.map((column) => row[column.name] ?? null),
      );
    }
    const seed = this.seeds.get(table);
    if (seed) return seed.map((cells) => table.columns.map((c, i) => seedValue(cells[i], c.type)));
    return this.content.get(dottedName(table).toLowerCase());
  }

  /** The rows of a table (`dataset.table` of the default project) as the evaluator holds them. */
  async table(dataset: string, name: string): Promise<EvaluatedTable | undefined> {
    const catalog = this.analyzer.catalog;
    const table = catalog.getTable(catalog.defaultProject, dataset, name);
    if (!table) return undefined;
    if (dataset !== 'bronze') return { columns: table.columns, rows: this.contentOf(table) ?? [] };
    // Bronze is given as text (e.g. timestamps in milliseconds): read it back as GoogleSQL holds it.
    const read = await evaluateQuery(
      this.service,
      this.analyzer.languageOptions,
      catalog,
      `select * from \`${dottedName(table)}\``,
      (candidate) => this.contentOf(candidate),
    );
    return { columns: table.columns, rows: read.rows };
  }

  async afterStatement(sql: string, analyzed: Analyzed, node: string): Promise<void> {
    try {
      if (
        analyzed.statementType === 'CREATE_TABLE_AS_SELECT' ||
        analyzed.statementType === 'CREATE_VIEW'
      ) {
        await this.create(sql, analyzed.destination!);
      } else if (analyzed.statementType === 'CREATE_TABLE' && analyzed.destination) {
        this.content.set(analyzed.destination.join('.').toLowerCase(), []);
      } else if (analyzed.statementType === 'MERGE') {
        await this.merge(sql);
      } else if (
        analyzed.statementType !== 'SELECT' &&
        analyzed.statementType !== 'OTHER' &&
        !analyzed.statementType.startsWith('DROP') &&
        analyzed.statementType !== 'ALTER_TABLE'
      ) {
        throw new Error(`the parity run does not evaluate ${analyzed.statementType} statements`);
      }
    } catch (error) {
      this.failures.push({ node, sql, message: (error as Error).message });
      throw error;
    }
  }

  /** The query of a CREATE TABLE … AS or CREATE VIEW, evaluated into the new table. */
  private async create(sql: string, destination: readonly [string, string, string]): Promise<void> {
    const parsed = await this.service.call('Parse', {
      sql_statement: sql,
      options: this.analyzer.languageOptions,
    });
    const statement =
      findFirst(parsed['parsed_statement'], 'ast_create_table_statement_node') ??
      findFirst(parsed['parsed_statement'], 'ast_create_view_statement_node');
    // The query sits a few levels down (the view's under its base node); options, partitioning
    // and clustering come before it and hold no query.
    const query = findFirst(statement, 'query');
    if (query === undefined) throw new Error('CREATE statement without a query');
    const [start, end] = range(query);
    const select = Buffer.from(sql, 'utf8').subarray(start, end).toString('utf8');
    const result = await evaluateQuery(
      this.service,
      this.analyzer.languageOptions,
      this.analyzer.catalog,
      select,
      (table) => this.contentOf(table),
    );
    this.content.set(destination.join('.').toLowerCase(), result.rows);
  }

  /** A MERGE, as DML statements over the target's rows before it (see merge.ts). */
  private async merge(sql: string): Promise<void> {
    const plan = await mergeAsDml(this.service, this.analyzer.languageOptions, sql);
    const path = plan.target.replaceAll('`', '').split('.');
    const catalog = this.analyzer.catalog;
    const table = catalog.getTable(
      ...((path.length === 3 ? path : [catalog.defaultProject, ...path]) as [
        string,
        string,
        string,
      ]),
    );
    if (!table) throw new Error(`MERGE into an unknown table ${plan.target}`);
    const before = this.contentOf(table) ?? [];
    const keyed = before.map((row, index) => [...row, String(index)]);
    const withKey = (candidate: CatalogTable): Rows | undefined =>
      candidate === table ? keyed : this.contentOf(candidate);
    const after: (PlainValue[] | undefined)[] = before.map((row) => [...row]);
    for (const statement of [...plan.updates, ...plan.deletes]) {
      const result = await evaluateModify(
        this.service,
        this.analyzer.languageOptions,
        catalog,
        statement,
        withKey,
        { table, column: ROW_KEY },
      );
      for (const row of result.rows) {
        const index = Number(row.oldKey[0]);
        after[index] = row.operation === 'DELETE' ? undefined : row.cells.slice(0, -1);
      }
    }
    const inserted: PlainValue[][] = [];
    for (const statement of plan.inserts) {
      const result = await evaluateModify(
        this.service,
        this.analyzer.languageOptions,
        catalog,
        statement,
        (candidate) => this.contentOf(candidate),
      );
      inserted.push(...result.rows.map((row) => row.cells));
    }
    this.content.set(dottedName(table).toLowerCase(), [
      ...after.filter((row): row is PlainValue[] => row !== undefined),
      ...inserted,
    ]);
  }
}
