import type { RecordedDependencies } from './record-dependencies.js';

/** One resource the program registered, as the engine saw it. */
export interface RegisteredResource {
  /** Pulumi type token, e.g. `kubernetes:apps/v1:Deployment`. */
  type: string;
  /** Pulumi resource name (the logical name, not metadata.name). */
  name: string;
  custom: boolean;
  remote: boolean;
  /** Resolved inputs with secrets unwrapped; undefined until the mock monitor sees them. */
  inputs?: Record<string, unknown>;
  /** `file:line:column` in the program where the resource was created. */
  source?: string;
  /** Enclosing component resources, outermost first. */
  ancestors: { type: string; name: string }[];
  /** Input paths whose values were unknown (only a real provider could compute them). */
  unknownPaths: string[];
  /** Input paths that held secrets. */
  secretPaths: string[];
}

/** Something that makes a render fail; always says which resource and where, when known. */
export interface EngineProblem {
  resource?: string;
  source?: string;
  message: string;
}

export interface ProgramJob {
  /** Absolute path of the program's entry file (index.ts). */
  programFile: string;
  /**
   * The checkout the program belongs to. Its bundles are then shared by every checkout of the
   * same sources (worktrees, temp copies) and imported for this one (`bundleModuleUrl`).
   */
  repoRoot?: string;
  /** Pulumi project name (from Pulumi.yaml). */
  project: string;
  stack: string;
  /** Config as `project:key` → string (objects JSON-encoded), as the Pulumi CLI passes it. */
  config: Record<string, string>;
  /** Folder whose files count as "the program" when picking a source line. */
  programRoot: string;
  /** Where the program's bundle is cached between runs (default: under the system's temp folder). */
  cacheDir?: string;
  /** A module exporting a PolicyPack's `policies` (platform/policy/policies.ts), run over the registered resources. */
  policyPackFile?: string;
  /** Reuse a result whose inputs are unchanged, and store new ones (see result-cache.ts). */
  resultCache?: ResultCacheLocation;
  /** Set by the engine for the program's process: record what the program reads. */
  recordDependencies?: boolean;
}

/** Where results are kept, and the folder their recorded paths are relative to (so copies of the repository share them). */
export interface ResultCacheLocation {
  dir: string;
  workspaceRoot: string;
}

/** A resource that breaks a policy of the pack, as `pulumi preview --policy-pack` would report it. */
export interface PolicyViolation {
  policy: string;
  description: string;
  enforcementLevel: 'advisory' | 'mandatory';
  message: string;
  resource?: string;
  source?: string;
}

export interface ProgramResult {
  resources: RegisteredResource[];
  problems: EngineProblem[];
  /** Stack outputs the program exported. */
  outputs: Record<string, unknown>;
  /** What the policy pack found, when the job named one. */
  policyViolations?: PolicyViolation[];
  /** Peak resident memory of the process that ran the program, in bytes. */
  maxRssBytes?: number;
  /** Where the time went: running the program, then waiting for registrations to settle. */
  timings?: { programMs: number; settleMs: number };
  /** The result of an earlier run with the same inputs, reused without running the program. */
  cached?: boolean;
  /** What the program read, when the job asked for it (the engine's, removed before returning). */
  dependencies?: RecordedDependencies;
}
