/**
 * Google Cloud resources as IAM sees them: the full name an IAM condition's `resource.name` reads,
 * `resource.type`, and the chain of ancestors whose policies also apply (a grant on the project
 * reaches every table in it; one on a dataset every table in the dataset).
 */
export interface IamResource {
  /** Unique key: the IAM resource name (`…/objects/*` for "every object of a bucket"). */
  readonly key: string;
  /** `resource.name` in IAM conditions; for every object of a bucket, the common prefix. */
  readonly name: string;
  /** True when {@link name} is a prefix standing for many resources (every object of a bucket). */
  readonly prefixOnly: boolean;
  /** `resource.type` in IAM conditions. */
  readonly type: string;
  /** Keys of this resource and of each ancestor, nearest first. */
  readonly lineage: readonly string[];
  /** How a person names it in a report line. */
  readonly label: string;
}

function resource(
  name: string,
  type: string,
  label: string,
  parent: IamResource | undefined,
  prefixOnly = false,
): IamResource {
  const key = prefixOnly ? `${name}*` : name;
  return { key, name, prefixOnly, type, label, lineage: [key, ...(parent?.lineage ?? [])] };
}

/** A project. */
export const projectResource = (project: string): IamResource =>
  resource(
    `projects/${project}`,
    'cloudresourcemanager.googleapis.com/Project',
    `project ${project}`,
    undefined,
  );

/** A Cloud Storage bucket (in `project`; bucket names themselves are global). */
export const bucketResource = (project: string, bucket: string): IamResource =>
  resource(
    `projects/_/buckets/${bucket}`,
    'storage.googleapis.com/Bucket',
    `bucket ${bucket}`,
    projectResource(project),
  );

/** Every object of a bucket: a grant must reach all of them. */
export const objectsResource = (project: string, bucket: string): IamResource =>
  resource(
    `projects/_/buckets/${bucket}/objects/`,
    'storage.googleapis.com/Object',
    `objects in bucket ${bucket}`,
    bucketResource(project, bucket),
    true,
  );

/** A BigQuery dataset. */
export const datasetResource = (project: string, dataset: string): IamResource =>
  resource(
    `projects/${project}/datasets/${dataset}`,
    'bigquery.googleapis.com/Dataset',
    `dataset ${dataset}`,
    projectResource(project),
  );

/** A BigQuery table. */
export const tableResource = (project: string, dataset: string, table: string): IamResource =>
  resource(
    `projects/${project}/datasets/${dataset}/tables/${table}`,
    'bigquery.googleapis.com/Table',
    `table ${dataset}.${table}`,
    datasetResource(project, dataset),
  );

/** A Pub/Sub topic. */
export const topicResource = (project: string, topic: string): IamResource =>
  resource(
    `projects/${project}/topics/${topic}`,
    'pubsub.googleapis.com/Topic',
    `topic ${topic}`,
    projectResource(project),
  );

/** A Pub/Sub subscription. */
export const subscriptionResource = (project: string, subscription: string): IamResource =>
  resource(
    `projects/${project}/subscriptions/${subscription}`,
    'pubsub.googleapis.com/Subscription',
    `subscription ${subscription}`,
    projectResource(project),
  );

/** A service account, by e-mail; user-managed accounts live in the project their address names. */
export function serviceAccountResource(email: string): IamResource {
  const owner = /@([a-z][a-z0-9-]{4,28}[a-z0-9])\.iam\.gserviceaccount\.com$/.exec(email)?.[1];
  return resource(
    `projects/${owner ?? '-'}/serviceAccounts/${email}`,
    'iam.googleapis.com/ServiceAccount',
    `service account ${email}`,
    owner === undefined ? undefined : projectResource(owner),
  );
}

/** A Cloud Run service (also what a Cloud Run function runs as). */
export const runServiceResource = (
  project: string,
  location: string,
  service: string,
): IamResource =>
  resource(
    `projects/${project}/locations/${location}/services/${service}`,
    'run.googleapis.com/Service',
    `Cloud Run service ${service}`,
    projectResource(project),
  );

/** A Cloud Run job. */
export const runJobResource = (project: string, location: string, job: string): IamResource =>
  resource(
    `projects/${project}/locations/${location}/jobs/${job}`,
    'run.googleapis.com/Job',
    `Cloud Run job ${job}`,
    projectResource(project),
  );

const KEY_NAME =
  /^projects\/([^/]+)\/locations\/([^/]+)\/keyRings\/([^/]+)(?:\/cryptoKeys\/([^/]+))?$/;

/** A Cloud KMS key ring, by full name. */
export function keyRingResource(name: string): IamResource {
  const match = KEY_NAME.exec(name);
  if (!match || match[4] !== undefined) throw new Error(`not a key ring name: ${name}`);
  return resource(
    name,
    'cloudkms.googleapis.com/KeyRing',
    `key ring ${name}`,
    projectResource(match[1]!),
  );
}

/** A Cloud KMS key, by full name. */
export function cryptoKeyResource(name: string): IamResource {
  const match = KEY_NAME.exec(name);
  if (!match || match[4] === undefined) throw new Error(`not a crypto key name: ${name}`);
  const ring = name.slice(0, name.lastIndexOf('/cryptoKeys/'));
  return resource(name, 'cloudkms.googleapis.com/CryptoKey', `key ${name}`, keyRingResource(ring));
}

/** An Artifact Registry repository. */
export const repositoryResource = (
  project: string,
  location: string,
  repository: string,
): IamResource =>
  resource(
    `projects/${project}/locations/${location}/repositories/${repository}`,
    'artifactregistry.googleapis.com/Repository',
    `repository ${repository}${location === '' ? '' : ` (${location})`}`,
    projectResource(project),
  );

/** A Cloud Run function, for bindings made on the function rather than on its service. */
export const functionResource = (project: string, location: string, fn: string): IamResource =>
  resource(
    `projects/${project}/locations/${location}/functions/${fn}`,
    'cloudfunctions.googleapis.com/Function',
    `function ${fn}`,
    projectResource(project),
  );
