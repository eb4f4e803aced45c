import { DEFAULT_FUNCTION_RUNTIME } from '../artifacts/function-source.js';
import type { EnvironmentConfig } from './schema.js';
import { runtimeStatus, supportedRuntimes } from './runtimes.js';

/** The reserved example domain (RFC 2606): nobody can own it, so a value in it was never filled in. */
const EXAMPLE_DOMAIN = /@example\.(com|org|net)$/;

/** What stands between a configuration and a deploy that works, in one line each. */
export interface DeployCheck {
  /** Problems that make `cdktf synth` fail. */
  readonly problems: string[];
  /** Things that work today but need attention soon. */
  readonly warnings: string[];
}

/**
 * Checks an environment against the outside world on `today`: its functions' runtime against
 * Google's published schedule, and every setting that must name something real (an e-mail that
 * receives alerts, a group, a publisher) against the example values shipped in the repository.
 */
export function checkDeployable(config: EnvironmentConfig, today: Date): DeployCheck {
  const file = `infra/config/${config.environment}.ts`;
  const problems: string[] = [];
  const warnings: string[] = [];
  const runtime = config.functionsRuntime;
  const status = runtimeStatus(runtime, today);
  const choices = supportedRuntimes(today).join(' or ') || 'a newer runtime';
  if (status.kind === 'decommissioned') {
    problems.push(
      `${config.environment}: functionsRuntime ${runtime} was decommissioned on ${status.since} (no function can be created or updated on it): set ${choices} in ${file}`,
    );
  } else if (nodeMajor(runtime) < nodeMajor(DEFAULT_FUNCTION_RUNTIME)) {
    problems.push(
      `${config.environment}: functionsRuntime ${runtime} is older than the ${DEFAULT_FUNCTION_RUNTIME} the functions are built for: set ${DEFAULT_FUNCTION_RUNTIME} or later in ${file}`,
    );
  } else if (status.kind === 'deprecated') {
    warnings.push(
      `${config.environment}: functionsRuntime ${runtime} is deprecated since ${status.since} and decommissioned on ${status.decommission}: move to ${choices}`,
    );
  }
  const placeholders: [string, string | undefined][] = [
    ['monitoring.alertEmail', config.monitoring.alertEmail],
    ['biGroup', config.biGroup],
    ...config.ingestion.publishers.map((publisher, index): [string, string] => [
      `ingestion.publishers[${index}]`,
      publisher,
    ]),
  ];
  const unset = placeholders.filter(
    ([, value]) => value !== undefined && EXAMPLE_DOMAIN.test(value),
  );
  if (unset.length > 0) {
    problems.push(
      `${config.environment}: replace the example values in ${file}: ${unset.map(([path, value]) => `${path} (${value})`).join(', ')}`,
    );
  }
  return { problems, warnings };
}

function nodeMajor(runtime: string): number {
  return Number(runtime.replace(/^nodejs/, ''));
}
