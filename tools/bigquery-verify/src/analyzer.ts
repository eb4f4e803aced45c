/**
 * Analyzes BigQuery statements and scripts with GoogleSQL's analyzer against a
 * {@link WarehouseCatalog}, and applies what each accepted statement does to the catalog (a CREATE
 * adds a table with the columns the analyzer resolved, a DROP removes it, …).
 */
import type { WarehouseCatalog } from './catalog.js';
import { bigQueryAnalyzerOptions, bigQueryLanguageOptions } from './zetasql/dialect.js';
import { isServiceError, type LocalService, type Message } from './zetasql/local-service.js';
import type { Column, TypeProto } from './zetasql/types.js';

/** BigQuery's `statement_type` of a job, as the analyzer resolved it. */
export type StatementType =
  | 'SELECT'
  | 'CREATE_TABLE'
  | 'CREATE_TABLE_AS_SELECT'
  | 'CREATE_VIEW'
  | 'DROP_TABLE'
  | 'DROP_VIEW'
  | 'ALTER_TABLE'
  | 'MERGE'
  | 'INSERT'
  | 'UPDATE'
  | 'DELETE'
  | 'TRUNCATE_TABLE'
  | 'SCRIPT'
  | 'OTHER';

/** An accepted statement. */
export interface Analyzed {
  readonly statementType: StatementType;
  /** Output columns of a query. */
  readonly columns: readonly Column[];
  /** The table a CREATE wrote (project, dataset, table). */
  readonly destination?: readonly [string, string, string];
}

/** A statement GoogleSQL rejected; `message` is the analyzer's, with the caret. */
export class AnalysisError extends Error {
  override readonly name = 'AnalysisError';
}

/** A query parameter (`@name`) and its type. */
export interface QueryParameter {
  readonly name: string;
  readonly type: TypeProto;
}

type Node = Record<string, unknown>;

function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null;
}

/** The first value under `key` in a depth-first walk of a proto message. */
export function findFirst(node: unknown, key: string): unknown {
  if (!isNode(node)) return undefined;
  if (key in node && node[key] !== undefined) return node[key];
  for (const value of Object.values(node)) {
    const found = findFirst(value, key);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** Every value under `key` in a proto message. */
export function findAll(node: unknown, key: string, into: unknown[] = []): unknown[] {
  if (!isNode(node)) return into;
  for (const [name, value] of Object.entries(node)) {
    if (name === key) into.push(value);
    findAll(value, key, into);
  }
  return into;
}

/** The outermost parse location of an AST node (its `parent` chain leads to it first). */
export function range(node: unknown): [number, number] {
  const location = findFirst(node, 'parse_location_range') as
    { start?: number; end?: number } | undefined;
  return [location?.start ?? 0, location?.end ?? 0];
}

function columnsOf(list: unknown): Column[] {
  return ((list as { name: string; type?: TypeProto; column?: { type: TypeProto } }[]) ?? []).map(
    (entry) => ({ name: entry.name, type: (entry.type ?? entry.column?.type) as TypeProto }),
  );
}

const SIMPLE_TYPES: Record<string, StatementType> = {
  resolved_query_stmt_node: 'SELECT',
  resolved_merge_stmt_node: 'MERGE',
  resolved_insert_stmt_node: 'INSERT',
  resolved_update_stmt_node: 'UPDATE',
  resolved_delete_stmt_node: 'DELETE',
  resolved_truncate_stmt_node: 'TRUNCATE_TABLE',
};

/** The GoogleSQL analyzer configured as BigQuery, bound to one catalog. */
export class BigQueryAnalyzer {
  private constructor(
    private readonly service: LocalService,
    readonly catalog: WarehouseCatalog,
    readonly languageOptions: Message,
  ) {}

  static async create(service: LocalService, catalog: WarehouseCatalog): Promise<BigQueryAnalyzer> {
    return new BigQueryAnalyzer(service, catalog, await bigQueryLanguageOptions(service));
  }

  /** The catalog proto for a request (rebuilt per request: the catalog changes as it goes). */
  catalogProto(): Message {
    return this.catalog.toProto(this.languageOptions);
  }

  /**
   * Analyzes one statement or a multi-statement script (as dbt-bigquery sends for
   * insert_overwrite) and applies its effect to the catalog. Throws {@link AnalysisError}.
   */
  async analyze(sql: string, parameters: readonly QueryParameter[] = []): Promise<Analyzed> {
    try {
      return await this.analyzeStatement(sql, parameters);
    } catch (error) {
      if (!(error instanceof AnalysisError) || !/^Syntax error/.test(error.message)) throw error;
      const statements = await this.scriptStatements(sql);
      if (statements === undefined || statements.length < 2) throw error;
      return this.analyzeScript(sql, statements, parameters);
    }
  }

  private async request(method: string, request: Message): Promise<Message> {
    try {
      return await this.service.call(method, request);
    } catch (error) {
      if (isServiceError(error)) throw new AnalysisError(error.details || error.message);
      throw error;
    }
  }

  private async analyzeStatement(
    sql: string,
    parameters: readonly QueryParameter[],
  ): Promise<Analyzed> {
    const response = await this.request('Analyze', {
      options: bigQueryAnalyzerOptions(this.languageOptions, parameters),
      simple_catalog: this.catalogProto(),
      sql_statement: sql,
    });
    return this.apply(response['resolved_statement'] as Node);
  }

  /** The type a type name stands for (`ARRAY<DATE>`), resolved by the analyzer itself. */
  private async typeOf(typeSql: string): Promise<TypeProto> {
    const analyzed = await this.analyzeStatement(`SELECT CAST(NULL AS ${typeSql}) AS value`, []);
    return analyzed.columns[0]!.type;
  }

  /** The statements of a script, or undefined when it does not parse as one. */
  private async scriptStatements(sql: string): Promise<Node[] | undefined> {
    try {
      const parsed = await this.service.call('Parse', {
        sql_statement: sql,
        options: this.languageOptions,
        allow_script: true,
      });
      const list = findFirst(parsed['parsed_script'], 'statement_list');
      return Array.isArray(list) ? (list as Node[]) : undefined;
    } catch {
      return undefined;
    }
  }

  private async analyzeScript(
    sql: string,
    statements: readonly Node[],
    parameters: readonly QueryParameter[],
  ): Promise<Analyzed> {
    const bytes = Buffer.from(sql, 'utf8');
    const text = ([start, end]: [number, number]): string =>
      bytes.subarray(start, end).toString('utf8');
    try {
      for (const [index, statement] of statements.entries()) {
        const where = `script statement ${index + 1}`;
        const declaration = findFirst(statement, 'ast_variable_declaration_node') as
          Node | undefined;
        const single = findFirst(statement, 'ast_single_assignment_node') as Node | undefined;
        const fromStruct = findFirst(statement, 'ast_assignment_from_struct_node') as
          Node | undefined;
        if (declaration) {
          const names = findAll(declaration['variable_list'], 'id_string') as string[];
          const type = declaration['type']
            ? await this.typeOf(text(range(declaration['type'])))
            : (
                await this.analyzeStatement(
                  `SELECT ${text(range(declaration['default_value']))} AS value`,
                  parameters,
                )
              ).columns[0]!.type;
          if (declaration['type'] && declaration['default_value']) {
            await this.expectExpression(
              text(range(declaration['default_value'])),
              parameters,
              where,
            );
          }
          for (const name of names) this.catalog.scriptVariables.set(name, type);
        } else if (single) {
          await this.expectExpression(text(range(single['expression'])), parameters, where);
        } else if (fromStruct) {
          const names = findAll(fromStruct['variables'], 'id_string');
          const analyzed = await this.expectExpression(
            text(range(fromStruct['struct_expression'])),
            parameters,
            where,
          );
          const fields = analyzed.columns[0]?.type.struct_type?.field ?? [];
          if (fields.length !== names.length) {
            throw new AnalysisError(
              `${where}: SET assigns ${names.length} variable(s) from a STRUCT of ${fields.length} field(s)`,
            );
          }
        } else {
          await this.analyzeStatement(text(range(statement)), parameters);
        }
      }
      return { statementType: 'SCRIPT', columns: [] };
    } finally {
      this.catalog.endScript();
    }
  }

  private async expectExpression(
    expression: string,
    parameters: readonly QueryParameter[],
    where: string,
  ): Promise<Analyzed> {
    try {
      return await this.analyzeStatement(`SELECT ${expression} AS value`, parameters);
    } catch (error) {
      if (error instanceof AnalysisError) {
        throw new AnalysisError(`${where}: ${error.message}`);
      }
      throw error;
    }
  }

  /** What the resolved statement does to the catalog, and what BigQuery would call it. */
  private apply(statement: Node): Analyzed {
    const [kind] = Object.keys(statement).filter((name) => isNode(statement[name]));
    const node = statement[kind ?? ''] as Node;
    if (kind && kind in SIMPLE_TYPES) {
      return {
        statementType: SIMPLE_TYPES[kind]!,
        columns: kind === 'resolved_query_stmt_node' ? columnsOf(node['output_column_list']) : [],
      };
    }
    const namePath = (findFirst(node, 'name_path') as string[] | undefined) ?? [];
    if (kind === 'resolved_create_statement_node') {
      if (findFirst(node, 'resolved_create_schema_stmt_node') !== undefined) {
        const [project, dataset] =
          namePath.length === 1 ? [this.catalog.defaultProject, namePath[0]!] : namePath;
        this.catalog.ensureDataset(project!, dataset!);
        return { statementType: 'OTHER', columns: [] };
      }
      const isView = findFirst(node, 'resolved_create_view_stmt_node') !== undefined;
      const isCtas = findFirst(node, 'resolved_create_table_as_select_stmt_node') !== undefined;
      const isTable = isCtas || findFirst(node, 'resolved_create_table_stmt_node') !== undefined;
      if (!isView && !isTable) return { statementType: 'OTHER', columns: [] };
      const columns = columnsOf(findFirst(node, 'column_definition_list'));
      const temporary = findFirst(node, 'create_scope') === 'CREATE_TEMP';
      const destination = this.qualify(namePath);
      if (temporary || !destination) {
        this.catalog.scriptTables.set(namePath.join('.'), columns);
      } else {
        const existing = this.catalog.getTable(...destination);
        if (!(findFirst(node, 'create_mode') === 'CREATE_IF_NOT_EXISTS' && existing)) {
          this.catalog.putTable({
            project: destination[0],
            dataset: destination[1],
            name: destination[2],
            kind: isView ? 'VIEW' : 'TABLE',
            columns,
            description: null,
          });
        }
      }
      return {
        statementType: isView ? 'CREATE_VIEW' : isCtas ? 'CREATE_TABLE_AS_SELECT' : 'CREATE_TABLE',
        columns: [],
        ...(destination ? { destination } : {}),
      };
    }
    if (kind === 'resolved_drop_stmt_node') {
      const destination = this.qualify(namePath);
      if (destination) this.catalog.dropTable(...destination);
      else this.catalog.scriptTables.delete(namePath.join('.'));
      return {
        statementType: findFirst(node, 'object_type') === 'VIEW' ? 'DROP_VIEW' : 'DROP_TABLE',
        columns: [],
      };
    }
    if (kind === 'resolved_alter_object_stmt_node') {
      const destination = this.qualify(namePath);
      const table = destination ? this.catalog.getTable(...destination) : undefined;
      const added = findAll(node, 'resolved_add_column_action_node') as Node[];
      for (const action of added) {
        const [column] = columnsOf([action['column_definition']]);
        if (table && column && !table.columns.some((c) => c.name === column.name)) {
          table.columns.push(column);
        }
      }
      return { statementType: 'ALTER_TABLE', columns: [] };
    }
    return { statementType: 'OTHER', columns: [] };
  }

  /** `[project, dataset, table]` of a written name path (default project for `dataset.table`). */
  private qualify(path: readonly string[]): [string, string, string] | undefined {
    const parts = path.length === 1 ? path[0]!.split('.') : [...path];
    if (parts.length === 3) return [parts[0]!, parts[1]!, parts[2]!];
    if (parts.length === 2) return [this.catalog.defaultProject, parts[0]!, parts[1]!];
    return undefined;
  }
}
