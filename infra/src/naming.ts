import type { EnvironmentConfig } from './config/schema.js';

/** Project-unique names derived from the environment's prefix, in one place. */
export class Naming {
  constructor(
    private readonly config: Pick<EnvironmentConfig, 'namePrefix' | 'project' | 'environment'>,
  ) {}

  /** A service-account id (6–30 characters): `<prefix>-<component>`. */
  serviceAccountId(component: string): string {
    const id = `${this.config.namePrefix}-${component}`;
    if (id.length > 30) throw new Error(`service account id "${id}" is longer than 30 characters`);
    return id;
  }

  /** A globally unique bucket name: `<project>-<purpose>`. */
  bucket(purpose: string): string {
    const name = `${this.config.project}-${purpose}`;
    if (name.length > 63) throw new Error(`bucket name "${name}" is longer than 63 characters`);
    return name;
  }

  /** A CDKTF stack name: `<environment>-<part>`. */
  stack(part: string): string {
    return `${this.config.environment}-${part}`;
  }
}
