import type { BundleRequest } from './bundle.ts';

/** What a build recorded: its key, its folder, the content hash of every input, what must stay absent. */
export interface BuildRecord {
  key: string;
  /** The bundle's folder (as recorded: relative to the cache's real path). */
  dir: string;
  /** Input file → sha256 of its content when the bundle was built. */
  inputs: Record<string, string>;
  absent: string[];
  /** Inputs and absent paths are relative to the request's root: any checkout of the same sources can use it. */
  portable?: boolean;
}

export declare const ESBUILD_VERSION: string;
export declare const BUILDS_KEPT: number;
export declare function contentHash(file: string): string;
export declare function buildRecordOf(request: BundleRequest, portable?: boolean): { key: string; file: string };
export declare function recordedBuilds(file: string): BuildRecord[];
/** A current build, with its folder and inputs as absolute paths. */
export declare function currentBuild(request: BundleRequest): BuildRecord | undefined;
