/** Repository root. */
export declare const ROOT: string;
/** Cache root for venvs, Go binaries and Java artefacts. */
export declare const CACHE_DIR: string;
export declare const VENVS: {
  readonly dbt: string;
  readonly airflow: string;
  readonly checkov: string;
};
export type VenvName = keyof typeof VENVS;
export declare function hashFiles(paths: readonly string[]): string;
export declare function venvDir(name: VenvName): string;
export declare function venvBin(name: VenvName, executable: string): string;
export declare function pubsubEmulatorBin(): string;
export declare function nashornDir(): string;
export declare function run(command: string, args: readonly string[], options?: object): string;
export declare function ensureVenv(name: VenvName, python?: string): boolean;
export declare function ensurePubsubEmulator(): boolean;
export declare function ensureNashorn(): boolean;
/** The Node.js release the deployable function zip is tested on (the deployed runtime's major). */
export declare const DEPLOY_NODE_VERSION: string;
export declare function deployNodeBin(): string;
export declare function ensureDeployNode(): boolean;
