/** A file built for deployment and the content-addressed object name it is uploaded under. */
export interface BuiltFile {
  /** Absolute path of the file on this machine. */
  readonly path: string;
  /** GCS object name; contains the content hash so a change uploads a new object and redeploys. */
  readonly objectName: string;
  readonly hash: string;
}

/** Files copied verbatim under one prefix (DAGs, the dbt project). */
export interface FileSet {
  /** Absolute directory the relative paths start from. */
  readonly baseDir: string;
  /** Paths relative to `baseDir`, forward slashes, sorted. */
  readonly files: readonly string[];
}

/** Everything the stacks upload, built or located once before synthesis. */
export interface DeploymentArtifacts {
  /** One zip serving both Cloud Functions (`ingestSales`, `fxRates`). */
  readonly functionSource: BuiltFile;
  /** The Dataflow JavaScript UDF (`transform`). */
  readonly udf: BuiltFile;
  /** Airflow DAG files for the Composer bucket's `dags/` folder. */
  readonly dags: FileSet;
  /** The dbt project for the Composer bucket's `data/dbt/` folder. */
  readonly dbtProject: FileSet;
  /** The `dbt parse` manifest for one GCP project (Composer renders its DAGs from it). */
  readonly dbtManifest: (project: string, location: string) => BuiltFile;
  /** Pinned PyPI packages for Composer (name → version specifier such as `==1.9.4`). */
  readonly composerPackages: Readonly<Record<string, string>>;
}
