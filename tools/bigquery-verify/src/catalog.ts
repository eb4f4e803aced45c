/**
 * The warehouse as the analyzer sees it: projects → datasets → tables and views with typed columns,
 * plus the temporary tables and variables of the script being analyzed. It starts with Bronze and
 * grows with every CREATE the analyzer accepts, so each model is analyzed against the columns its
 * parents really produce.
 */
import type { Message } from './zetasql/local-service.js';
import type { Column, TypeProto } from './zetasql/types.js';

/** A table or view of the catalog. */
export interface CatalogTable {
  readonly project: string;
  readonly dataset: string;
  readonly name: string;
  readonly kind: 'TABLE' | 'VIEW';
  columns: Column[];
  description?: string | null;
}

const key = (...parts: readonly string[]): string => parts.join('.').toLowerCase();

/** The mutable catalog of one verification run. */
export class WarehouseCatalog {
  private readonly datasets = new Map<string, { project: string; dataset: string }>();
  private readonly tables = new Map<string, CatalogTable>();
  /** Temporary tables of the current script (`CREATE TEMP TABLE x`), by name. */
  readonly scriptTables = new Map<string, Column[]>();
  /** Variables of the current script (`DECLARE x …`), by name. */
  readonly scriptVariables = new Map<string, TypeProto>();

  constructor(readonly defaultProject: string) {}

  ensureDataset(project: string, dataset: string): void {
    this.datasets.set(key(project, dataset), { project, dataset });
  }

  hasDataset(project: string, dataset: string): boolean {
    return this.datasets.has(key(project, dataset));
  }

  deleteDataset(project: string, dataset: string): void {
    this.datasets.delete(key(project, dataset));
    for (const [name, table] of this.tables) {
      if (key(table.project, table.dataset) === key(project, dataset)) this.tables.delete(name);
    }
  }

  listDatasets(project: string): string[] {
    return [...this.datasets.values()]
      .filter((entry) => entry.project.toLowerCase() === project.toLowerCase())
      .map((entry) => entry.dataset);
  }

  putTable(table: CatalogTable): void {
    this.ensureDataset(table.project, table.dataset);
    this.tables.set(key(table.project, table.dataset, table.name), table);
  }

  getTable(project: string, dataset: string, name: string): CatalogTable | undefined {
    return this.tables.get(key(project, dataset, name));
  }

  dropTable(project: string, dataset: string, name: string): boolean {
    return this.tables.delete(key(project, dataset, name));
  }

  listTables(project: string, dataset: string): CatalogTable[] {
    const prefix = `${key(project, dataset)}.`;
    return [...this.tables.entries()]
      .filter(([name]) => name.startsWith(prefix))
      .map(([, table]) => table);
  }

  allTables(): CatalogTable[] {
    return [...this.tables.values()];
  }

  /** Forgets the temporary tables and variables of a finished script. */
  endScript(): void {
    this.scriptTables.clear();
    this.scriptVariables.clear();
  }

  /**
   * The `zetasql.SimpleCatalogProto`: `project.dataset.table` as nested catalogs, the default
   * project's datasets also at the top (BigQuery resolves `dataset.table` there), every table
   * also under its dotted full name (BigQuery reads `` `project.dataset.table` `` as a path),
   * script temporary tables at the top and script variables as named constants.
   */
  toProto(languageOptions: Message): Message {
    const byProject = new Map<string, Map<string, CatalogTable[]>>();
    for (const { project, dataset } of this.datasets.values()) {
      const datasets = byProject.get(project) ?? new Map<string, CatalogTable[]>();
      datasets.set(dataset, datasets.get(dataset) ?? []);
      byProject.set(project, datasets);
    }
    for (const table of this.tables.values()) {
      byProject.get(table.project)?.get(table.dataset)?.push(table);
    }
    const tableProto = (name: string, columns: readonly Column[]): Message => ({
      name,
      column: columns.map((column) => ({ name: column.name, type: column.type })),
    });
    const datasetProto = (dataset: string, tables: readonly CatalogTable[]): Message => ({
      name: dataset,
      table: tables.map((table) => tableProto(table.name, table.columns)),
    });
    const projects = [...byProject.entries()].map(([project, datasets]) => ({
      name: project,
      catalog: [...datasets.entries()].map(([dataset, tables]) => datasetProto(dataset, tables)),
    }));
    const defaultDatasets = [...(byProject.get(this.defaultProject)?.entries() ?? [])].map(
      ([dataset, tables]) => datasetProto(dataset, tables),
    );
    return {
      name: '',
      builtin_function_options: { language_options: languageOptions },
      catalog: [...projects, ...defaultDatasets],
      table: [
        ...this.allTables().map((table) =>
          tableProto(`${table.project}.${table.dataset}.${table.name}`, table.columns),
        ),
        ...[...this.scriptTables.entries()].map(([name, columns]) => tableProto(name, columns)),
      ],
      constant: [...this.scriptVariables.entries()].map(([name, type]) => ({
        name_path: [name],
        type,
        value: {},
      })),
    };
  }
}
