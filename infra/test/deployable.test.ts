import { describe, expect, it } from 'vitest';
import { checkDeployable } from '../src/config/deployable.js';
import { NODE_RUNTIME_SCHEDULE } from '../src/config/runtimes.js';
import { parseEnvironmentConfig, type EnvironmentConfig } from '../src/config/schema.js';
import { CONFIGS } from './support/fixtures.js';

/** The example configuration with every site-specific value filled in, as a user would. */
function filledIn(config: EnvironmentConfig, runtime = config.functionsRuntime): EnvironmentConfig {
  return parseEnvironmentConfig({
    ...config,
    functionsRuntime: runtime,
    monitoring: { ...config.monitoring, alertEmail: 'oncall@retailer.test' },
    ...(config.biGroup === undefined ? {} : { biGroup: 'bi@retailer.test' }),
  });
}

const day = (iso: string): Date => new Date(`${iso}T12:00:00Z`);

describe('deployability checks run by cdktf synth', () => {
  it('passes a filled-in configuration on a runtime in support today', () => {
    for (const config of [CONFIGS.dev, CONFIGS.prod]) {
      expect(checkDeployable(filledIn(config), day('2026-12-02'))).toEqual({
        problems: [],
        warnings: [],
      });
    }
  });

  it('fails in one line on a decommissioned runtime, naming the file and the runtimes to use', () => {
    const check = checkDeployable(filledIn(CONFIGS.prod, 'nodejs20'), day('2026-12-02'));
    expect(check.problems).toEqual([
      'prod: functionsRuntime nodejs20 was decommissioned on 2026-10-30 (no function can be created or updated on it): set nodejs22 or nodejs24 in infra/config/prod.ts',
    ]);
  });

  it('refuses a runtime older than the one the functions are built for', () => {
    // nodejs20 as if it were still in support: the bundle targets Node.js 22 all the same.
    const check = checkDeployable(filledIn(CONFIGS.dev, 'nodejs20'), day('2026-01-15'));
    expect(check.problems).toEqual([
      'dev: functionsRuntime nodejs20 is older than the nodejs22 the functions are built for: set nodejs22 or later in infra/config/dev.ts',
    ]);
  });

  it('follows the published schedule as the clock moves (nodejs22)', () => {
    const config = filledIn(CONFIGS.dev, 'nodejs22');
    const { deprecation, decommission } = NODE_RUNTIME_SCHEDULE.nodejs22;
    expect(checkDeployable(config, day('2027-04-29'))).toEqual({ problems: [], warnings: [] });
    expect(checkDeployable(config, day(deprecation)).warnings).toEqual([
      `dev: functionsRuntime nodejs22 is deprecated since ${deprecation} and decommissioned on ${decommission}: move to nodejs24`,
    ]);
    expect(checkDeployable(config, day('2027-10-30')).problems).toEqual([]);
    expect(checkDeployable(config, day(decommission)).problems).toEqual([
      `dev: functionsRuntime nodejs22 was decommissioned on ${decommission} (no function can be created or updated on it): set nodejs24 in infra/config/dev.ts`,
    ]);
  });

  it('refuses the shipped example values, naming each setting to fill in', () => {
    expect(checkDeployable(CONFIGS.prod, day('2026-12-02')).problems).toEqual([
      'prod: replace the example values in infra/config/prod.ts: monitoring.alertEmail (data-platform-oncall@example.com), biGroup (bi-analysts@example.com)',
    ]);
    expect(checkDeployable(CONFIGS.dev, day('2026-12-02')).problems).toEqual([
      'dev: replace the example values in infra/config/dev.ts: monitoring.alertEmail (data-platform-dev@example.com)',
    ]);
    const publisher = parseEnvironmentConfig({
      ...filledIn(CONFIGS.dev),
      ingestion: { ...CONFIGS.dev.ingestion, publishers: ['serviceAccount:pos@example.com'] },
    });
    expect(checkDeployable(publisher, day('2026-12-02')).problems).toEqual([
      'dev: replace the example values in infra/config/dev.ts: ingestion.publishers[0] (serviceAccount:pos@example.com)',
    ]);
  });
});
