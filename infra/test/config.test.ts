import { describe, expect, it } from 'vitest';
import { ENVIRONMENTS } from '../config/index.js';
import { parseEnvironmentConfig } from '../src/config/schema.js';
import { CONFIGS } from './support/fixtures.js';

describe('environment configuration', () => {
  it('has a valid dev and prod configuration with distinct projects and prefixes', () => {
    expect(ENVIRONMENTS.map((e) => e.environment)).toEqual(['dev', 'prod']);
    expect(new Set(ENVIRONMENTS.map((e) => e.project)).size).toBe(2);
    expect(new Set(ENVIRONMENTS.map((e) => e.namePrefix)).size).toBe(2);
  });

  it('keeps the topic schema off by default and the cheap orchestrator in dev', () => {
    for (const env of ENVIRONMENTS) expect(env.ingestion.topicSchema.enabled).toBe(false);
    expect(CONFIGS.dev.orchestrator.kind).toBe('cloud-run-job');
    expect(CONFIGS.prod.orchestrator.kind).toBe('composer');
  });

  it('reports every problem of a broken configuration, each with its path', () => {
    const broken = {
      ...CONFIGS.dev,
      project: 'Not_A_Project',
      region: 'mars',
      ingestion: {
        ...CONFIGS.dev.ingestion,
        function: {
          ...CONFIGS.dev.ingestion.function,
          enabled: false,
          minInstances: 9,
          maxInstances: 2,
        },
        bigQuerySubscription: { enabled: false },
      },
    };
    let message = '';
    try {
      parseEnvironmentConfig(broken);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('invalid infra config for environment "dev"');
    expect(message).toMatch(/project: must be a GCP project id/);
    expect(message).toMatch(/region: must be a GCP region/);
    expect(message).toMatch(/ingestion: enable at least one ingestion path/);
    expect(message).toMatch(
      /ingestion\.function\.minInstances: minInstances must not exceed maxInstances/,
    );
  });

  it('rejects unknown keys, a Composer image without Airflow 2.11 and an unpinned dbt image', () => {
    expect(() => parseEnvironmentConfig({ ...CONFIGS.dev, projectId: 'x' })).toThrow(
      /Unrecognized key/,
    );
    for (const imageVersion of ['composer-2-airflow-2.9.3', 'composer-3-airflow-2.10.5-build.47']) {
      expect(() =>
        parseEnvironmentConfig({
          ...CONFIGS.prod,
          orchestrator: { ...CONFIGS.prod.orchestrator, imageVersion },
        }),
      ).toThrow(/orchestrator\.imageVersion: must be a pinned Composer 3 build with Airflow 2\.11/);
    }
    expect(() =>
      parseEnvironmentConfig({
        ...CONFIGS.dev,
        orchestrator: { ...CONFIGS.dev.orchestrator, image: 'dbt-runner' },
      }),
    ).toThrow(/orchestrator\.image/);
  });

  it('refuses Composer variables that Composer reserves for itself', () => {
    const prod = CONFIGS.prod;
    if (prod.orchestrator.kind !== 'composer') throw new Error('prod uses Composer');
    for (const name of ['GCP_PROJECT', 'AIRFLOW__CORE__PARALLELISM', 'COMPOSER_LOCATION']) {
      expect(() =>
        parseEnvironmentConfig({
          ...prod,
          orchestrator: { ...prod.orchestrator, environmentVariables: { [name]: 'x' } },
        }),
      ).toThrow(/is reserved by Composer/);
    }
  });

  it('refuses public principals as publishers', () => {
    for (const publisher of ['allUsers', 'allAuthenticatedUsers', 'domain:example.com']) {
      expect(() =>
        parseEnvironmentConfig({
          ...CONFIGS.dev,
          ingestion: { ...CONFIGS.dev.ingestion, publishers: [publisher] },
        }),
      ).toThrow(/ingestion\.publishers\.0: must be serviceAccount:, group: or user:/);
    }
  });

  it('accepts CMEK keys only in the full KMS resource form', () => {
    expect(() =>
      parseEnvironmentConfig({ ...CONFIGS.dev, cmek: { regionalKey: 'k', bigQueryKey: 'k' } }),
    ).toThrow(/cmek\.regionalKey: must be projects\/P\/locations/);
  });

  it("wants the BigQuery key in the datasets' multi-region and the other key in the region", () => {
    const key = (location: string) => `projects/p/locations/${location}/keyRings/r/cryptoKeys/k`;
    const withKeys = (regional: string, bigQuery: string, bigQueryLocation = 'EU') =>
      parseEnvironmentConfig({
        ...CONFIGS.dev,
        bigQueryLocation,
        cmek: { regionalKey: key(regional), bigQueryKey: key(bigQuery) },
      });
    expect(withKeys('europe-west1', 'europe').cmek?.bigQueryKey).toBe(key('europe'));
    expect(withKeys('europe-west1', 'us', 'US').cmek?.bigQueryKey).toBe(key('us'));
    expect(withKeys('europe-west1', 'europe-west1', 'europe-west1').cmek?.bigQueryKey).toBe(
      key('europe-west1'),
    );
    // The mistake the prod config used to make: one regional key for datasets in EU.
    expect(() => withKeys('europe-west1', 'europe-west1')).toThrow(
      /cmek\.bigQueryKey: must be in europe to encrypt datasets in EU, not europe-west1/,
    );
    expect(() => withKeys('europe', 'europe')).toThrow(
      /cmek\.regionalKey: must be in europe-west1 \(the region\), not europe/,
    );
  });

  it('needs a vCPU for request concurrency and an enabled default route', () => {
    expect(() =>
      parseEnvironmentConfig({
        ...CONFIGS.dev,
        ingestion: {
          ...CONFIGS.dev.ingestion,
          function: { ...CONFIGS.dev.ingestion.function, cpu: '0.583', concurrency: 80 },
        },
      }),
    ).toThrow(
      /ingestion\.function\.concurrency: request concurrency above 1 needs cpu of at least 1/,
    );
    expect(() =>
      parseEnvironmentConfig({
        ...CONFIGS.dev,
        ingestion: { ...CONFIGS.dev.ingestion, defaultRoute: 'dataflow' },
      }),
    ).toThrow(
      /ingestion\.defaultRoute: names a path that is switched off \(enabled: function, subscription\)/,
    );
  });

  it('pins the Dataflow template release and the Composer build', () => {
    expect(() =>
      parseEnvironmentConfig({
        ...CONFIGS.prod,
        ingestion: {
          ...CONFIGS.prod.ingestion,
          dataflow: { ...CONFIGS.prod.ingestion.dataflow, templateVersion: 'latest' },
        },
      }),
    ).toThrow(/ingestion\.dataflow\.templateVersion: must be a dated template release/);
    expect(() =>
      parseEnvironmentConfig({
        ...CONFIGS.prod,
        orchestrator: { ...CONFIGS.prod.orchestrator, imageVersion: 'composer-3-airflow-2.11.1' },
      }),
    ).toThrow(/orchestrator\.imageVersion: must be a pinned Composer 3 build/);
  });
});
