import type { BundleRequest } from './bundle.ts';

/** What a build recorded: its key, its folder, the content hash of every input, what must stay absent. */
export interface BuildRecord {
  key: string;
  dir: string;
  /** Input file → sha256 of its content when the bundle was built. */
  inputs: Record<string, string>;
  absent: string[];
}

export declare const ESBUILD_VERSION: string;
export declare function contentHash(file: string): string;
export declare function buildRecordOf(request: BundleRequest): { key: string; file: string };
export declare function currentBuild(request: BundleRequest): BuildRecord | undefined;
