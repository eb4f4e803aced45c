/**
 * A MERGE run as the DML statements the reference evaluator can run (it has no MERGE).
 *
 * The statement is taken apart with GoogleSQL's own parser and each WHEN clause becomes one
 * statement evaluated over the target's rows as they were before the MERGE:
 *
 * - `WHEN MATCHED [AND c] THEN UPDATE SET x = e` → `UPDATE target AS t SET x = (SELECT e FROM
 *   source WHERE on AND c) WHERE EXISTS (SELECT 1 FROM source WHERE on AND c)` — the scalar
 *   subquery fails when two source rows match one target row, as BigQuery's MERGE does;
 * - `WHEN MATCHED [AND c] THEN DELETE` → `DELETE FROM target AS t WHERE EXISTS (…)`;
 * - `WHEN NOT MATCHED [BY TARGET] [AND c] THEN INSERT (cols) VALUES (vals)` → `INSERT INTO target
 *   (cols) SELECT vals FROM source WHERE c AND NOT EXISTS (SELECT 1 FROM target AS t WHERE on)`.
 *
 * That is the MERGE's meaning when each match type has at most one clause (every MERGE dbt writes
 * for a snapshot); anything else is refused rather than approximated.
 */
import { findAll, findFirst, range } from '../analyzer.js';
import type { LocalService, Message } from '../zetasql/local-service.js';

/** The DML statements of one MERGE, and the table they modify. */
export interface MergeAsDml {
  /** The target as written (`` `project`.`dataset`.`table` ``). */
  readonly target: string;
  readonly updates: readonly string[];
  readonly deletes: readonly string[];
  readonly inserts: readonly string[];
}

/** Thrown for a MERGE this translation does not cover. */
export class UnsupportedMergeError extends Error {
  override readonly name = 'UnsupportedMergeError';
}

type Node = Record<string, unknown>;

/** Splits a MERGE into DML statements (see the module comment). */
export async function mergeAsDml(
  service: LocalService,
  languageOptions: Message,
  sql: string,
): Promise<MergeAsDml> {
  const parsed = await service.call('Parse', { sql_statement: sql, options: languageOptions });
  const merge = findFirst(parsed['parsed_statement'], 'ast_merge_statement_node') as
    Node | undefined;
  if (!merge) throw new UnsupportedMergeError('not a MERGE statement');
  const bytes = Buffer.from(sql, 'utf8');
  const text = (node: unknown): string => {
    const [start, end] = range(node);
    return bytes.subarray(start, end).toString('utf8');
  };
  const target = text(merge['target_path']);
  const alias = (findFirst(merge['alias'], 'id_string') as string | undefined) ?? target;
  const source = text(merge['table_expression']);
  const on = text(merge['merge_condition']);
  const clauses = (findFirst(merge['when_clauses'], 'clause_list') ?? []) as Node[];
  const seen = new Set<string>();
  const updates: string[] = [];
  const deletes: string[] = [];
  const inserts: string[] = [];
  for (const clause of clauses) {
    const matchType = clause['match_type'] as string;
    if (seen.has(matchType)) {
      throw new UnsupportedMergeError(`two WHEN ${matchType} clauses`);
    }
    seen.add(matchType);
    const condition = clause['search_condition'] ? `(${text(clause['search_condition'])})` : 'true';
    const action = clause['action'] as Node;
    const actionType = action['action_type'] as string;
    const matching = `select 1 from ${source} where (${on}) and ${condition}`;
    if (matchType === 'MATCHED' && actionType === 'UPDATE') {
      const items = (findFirst(action['update_item_list'], 'update_items') ?? []) as Node[];
      const sets = items.map((item) => {
        const setValue = item['set_value'] as Node;
        return `${text(setValue['path'])} = (select ${text(setValue['value'])} from ${source} where (${on}) and ${condition})`;
      });
      updates.push(
        `update ${target} as ${alias} set ${sets.join(', ')} where exists (${matching})`,
      );
    } else if (matchType === 'MATCHED' && actionType === 'DELETE') {
      deletes.push(`delete from ${target} as ${alias} where exists (${matching})`);
    } else if (
      (matchType === 'NOT_MATCHED_BY_TARGET' || matchType === 'NOT_MATCHED') &&
      actionType === 'INSERT'
    ) {
      const columns = findAll(action['insert_column_list'], 'id_string') as string[];
      const values = ((action['insert_row'] as Node | undefined)?.['values'] ?? []) as Node[];
      if (columns.length === 0 || values.length !== columns.length) {
        throw new UnsupportedMergeError('INSERT without an explicit column and value list');
      }
      inserts.push(
        `insert into ${target} (${columns.map((column) => `\`${column}\``).join(', ')}) ` +
          `select ${values.map(text).join(', ')} from ${source} ` +
          `where ${condition} and not exists (select 1 from ${target} as ${alias} where ${on})`,
      );
    } else {
      throw new UnsupportedMergeError(`WHEN ${matchType} THEN ${actionType}`);
    }
  }
  return { target, updates, deletes, inserts };
}
