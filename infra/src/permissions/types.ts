/**
 * The vocabulary of the permission model: who needs which GCP permissions on which resource, and
 * why. Needs are data; `check.ts` compares them with the IAM bindings the stacks synthesize.
 */

/** A Google-managed service agent of the project (created by Google when its API is enabled). */
export type ServiceAgent =
  | 'pubsub'
  | 'bigquery'
  | 'storage'
  | 'dataflow'
  | 'compute'
  | 'composer'
  | 'artifactRegistry'
  | 'cloudRun'
  | 'cloudScheduler';

/** Who holds a permission. */
export type Principal =
  /** One of salesflow's own service accounts, by component: `<namePrefix>-<component>`. */
  | { readonly kind: 'account'; readonly component: string }
  /** A Google service agent of the project. */
  | { readonly kind: 'agent'; readonly agent: ServiceAgent }
  /** A principal named in the configuration (publishers, the BI group). */
  | { readonly kind: 'member'; readonly member: string };

/**
 * Where a permission is checked. Names are the resources' own short names; the project is the
 * environment's unless stated. `objects` means "every object in the bucket": a grant must cover
 * all of them, which a condition on a longer object-name prefix does not.
 */
export type ResourceRef =
  | { readonly kind: 'project'; readonly project?: string }
  | { readonly kind: 'bucket'; readonly bucket: string; readonly objects?: true }
  | { readonly kind: 'dataset'; readonly dataset: string }
  | { readonly kind: 'table'; readonly dataset: string; readonly table: string }
  | { readonly kind: 'topic'; readonly topic: string }
  | { readonly kind: 'subscription'; readonly subscription: string }
  | { readonly kind: 'serviceAccount'; readonly component: string }
  | { readonly kind: 'runService'; readonly service: string }
  | { readonly kind: 'runJob'; readonly job: string }
  | { readonly kind: 'cryptoKey'; readonly key: string }
  | {
      readonly kind: 'repository';
      readonly repository: string;
      readonly project?: string;
      readonly location?: string;
    }
  /**
   * The Artifact Registry repository the functions' builds push to: the one their
   * `build_config.docker_repository` names, or Cloud Functions' default `gcf-artifacts`.
   */
  | { readonly kind: 'functionImageRepository' };

/** The permissions a need asks for: listed, or every permission of a role Google's docs require. */
export type Permissions =
  { readonly permissions: readonly string[] } | { readonly everyPermissionOf: string };

/** One thing a runtime identity must be allowed to do for its code path to work. */
export type Need = Permissions & {
  readonly principal: Principal;
  readonly resource: ResourceRef;
  /** What in the code path needs it (one short sentence). */
  readonly why: string;
};
