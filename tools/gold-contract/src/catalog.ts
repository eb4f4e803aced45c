/**
 * The Gold layer as dbt's manifest describes it: each model under `models/marts/` with its
 * description, partitioning, tested keys and columns, plus the exposures (dashboards) that read
 * Gold. Only the manifest fields the page uses are parsed; unknown fields pass through.
 */
import { z } from 'zod';

/** Where the Gold models live in the dbt project. */
export const GOLD_PATH_PREFIX = 'models/marts/';

/** Generic tests that state a grain: one row per value of their column(s). */
const KEY_TESTS = new Set(['primary_key', 'unique_combination']);

const Meta = z.record(z.string(), z.unknown());

const ColumnNode = z.object({
  name: z.string(),
  description: z.string(),
  data_type: z.string().nullish(),
  meta: Meta.default({}),
  config: z
    .object({ meta: Meta.default({}) })
    .partial()
    .default({}),
});

const ModelNode = z.object({
  resource_type: z.literal('model'),
  unique_id: z.string(),
  name: z.string(),
  original_file_path: z.string(),
  patch_path: z.string().nullish(),
  description: z.string(),
  meta: Meta.default({}),
  config: z.object({
    materialized: z.string(),
    meta: Meta.default({}),
    partition_by: z
      .object({
        field: z.string(),
        data_type: z.string().optional(),
        granularity: z.string().optional(),
      })
      .nullish(),
    cluster_by: z.union([z.string(), z.array(z.string())]).nullish(),
  }),
  columns: z.record(z.string(), ColumnNode),
});

const TestNode = z.object({
  resource_type: z.literal('test'),
  attached_node: z.string().nullish(),
  column_name: z.string().nullish(),
  test_metadata: z
    .object({ name: z.string(), kwargs: z.record(z.string(), z.unknown()) })
    .nullish(),
});

const ExposureNode = z.object({
  name: z.string(),
  label: z.string().nullish(),
  type: z.string(),
  description: z.string(),
  url: z.string().nullish(),
  maturity: z.string().nullish(),
  owner: z.object({ name: z.string().nullish(), email: z.string().nullish() }),
  depends_on: z.object({ nodes: z.array(z.string()) }),
});

const Manifest = z.object({
  nodes: z.record(z.string(), z.object({ resource_type: z.string() }).passthrough()),
  exposures: z.record(z.string(), z.unknown()),
});

/** One column of a Gold model. */
export interface GoldColumn {
  readonly name: string;
  readonly description: string;
  readonly dataType?: string;
  /** Marked `meta: {contract: true}`: its name and meaning do not change once shipped. */
  readonly contract: boolean;
}

/** One Gold model (a BigQuery table in the `gold` dataset). */
export interface GoldModel {
  readonly name: string;
  /** The YAML file that describes it, relative to the dbt project. */
  readonly yamlPath: string;
  readonly description: string;
  readonly materialized: string;
  /** The model itself is marked `meta: {contract: true}`. */
  readonly contract: boolean;
  readonly partition?: { readonly field: string; readonly granularity: string };
  readonly clusterBy: readonly string[];
  /** Each tested key: the columns one row is unique on. */
  readonly keys: readonly (readonly string[])[];
  readonly columns: readonly GoldColumn[];
}

/** A dashboard that dbt knows reads Gold. */
export interface GoldExposure {
  readonly name: string;
  readonly label: string;
  readonly type: string;
  readonly description: string;
  readonly owner: string;
  readonly url?: string;
  readonly maturity?: string;
  /** What it reads: model names, and `source.table` for sources. */
  readonly models: readonly string[];
}

/** What the page is generated from. */
export interface GoldCatalog {
  readonly models: readonly GoldModel[];
  readonly exposures: readonly GoldExposure[];
}

const isContract = (...metas: Readonly<Record<string, unknown>>[]): boolean =>
  metas.some((meta) => meta['contract'] === true);

const oneLine = (text: string): string => text.replace(/\s+/g, ' ').trim();

/** Extracts the Gold catalog from a parsed `manifest.json`. */
export function goldCatalog(manifestJson: unknown): GoldCatalog {
  const manifest = Manifest.parse(manifestJson);
  const nodes = Object.values(manifest.nodes);
  const models = nodes
    .filter((node) => node.resource_type === 'model')
    .map((node) => ModelNode.parse(node))
    .filter((model) => model.original_file_path.startsWith(GOLD_PATH_PREFIX));
  const tests = nodes
    .filter((node) => node.resource_type === 'test')
    .map((node) => TestNode.parse(node));
  const keysOf = (uniqueId: string): string[][] =>
    tests
      .filter(
        (test) => test.attached_node === uniqueId && KEY_TESTS.has(test.test_metadata?.name ?? ''),
      )
      .map((test) => {
        const columns = test.test_metadata?.kwargs['columns'];
        return Array.isArray(columns) ? columns.map(String) : [test.column_name ?? ''];
      })
      .sort((a, b) => a.join().localeCompare(b.join()));
  // A dependency's readable name: a model's name, a source's `source.table`.
  const dependencyName = (uniqueId: string): string => {
    const [kind, , ...rest] = uniqueId.split('.');
    return kind === 'model' || kind === 'source' ? rest.join('.') : uniqueId;
  };

  return {
    models: models
      .map((model): GoldModel => {
        const partition = model.config.partition_by;
        const cluster = model.config.cluster_by;
        return {
          name: model.name,
          yamlPath: (model.patch_path ?? model.original_file_path).replace(/^\w+:\/\//, ''),
          description: oneLine(model.description),
          materialized: model.config.materialized,
          contract: isContract(model.meta, model.config.meta),
          ...(partition
            ? { partition: { field: partition.field, granularity: partition.granularity ?? 'day' } }
            : {}),
          clusterBy: cluster === null || cluster === undefined ? [] : [cluster].flat(),
          keys: keysOf(model.unique_id),
          columns: Object.values(model.columns).map((column) => ({
            name: column.name,
            description: oneLine(column.description),
            ...(column.data_type ? { dataType: column.data_type } : {}),
            contract: isContract(column.meta, column.config.meta ?? {}),
          })),
        };
      })
      .sort((a, b) => a.yamlPath.localeCompare(b.yamlPath)),
    exposures: Object.values(manifest.exposures)
      .map((raw) => ExposureNode.parse(raw))
      .map((exposure): GoldExposure => ({
        name: exposure.name,
        label: exposure.label ?? exposure.name,
        type: exposure.type,
        description: oneLine(exposure.description),
        owner: exposure.owner.name ?? exposure.owner.email ?? '',
        ...(exposure.url ? { url: exposure.url } : {}),
        ...(exposure.maturity ? { maturity: exposure.maturity } : {}),
        models: exposure.depends_on.nodes.map(dependencyName).sort(),
      }))
      .sort((a, b) => a.name.localeCompare(b.name)),
  };
}
