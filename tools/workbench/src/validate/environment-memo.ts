import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { buildMemo, cliBuild } from '../build-memo.js';
import { installedPackages } from '../engine/result-cache.js';
import { listOwnedFiles } from '../render/environment-files.js';
import { AMTOOL, KUSTOMIZE, PROMTOOL, toolVersion } from './checked-files.js';
import { vendoredCrdFingerprint } from './crd-schemas.js';
import type { Finding } from './finding.js';
import type { ManifestFile } from './read-manifests.js';

/**
 * An environment's validation, kept by the exact bytes of its files, so an environment a pull
 * request does not change is not validated again (300 apps: ≈ 6 s of a fresh process's parsing,
 * schemas and policies per `validate`).
 *
 * Validating an environment is a function of its files, the code (the CLI build), the installed
 * packages (the models' schemas), the vendored CRDs, Node, and the kubectl, promtool and amtool
 * that check it — all of which make the key. Two things are not: the lab policies read the clock
 * and the lab stack config, so they run every time, over the lab Namespaces kept with the rest;
 * and kustomize may read files outside the environment when a folder is built whole, so such a
 * validation is not kept. Nor is one that found an error: it is checked again until it passes.
 */
export interface KeptValidation {
  files: number;
  objects: number;
  /** Every finding but the lab policies'; theirs go before the one at `labAt`. */
  findings: Finding[];
  labAt: number;
  labNamespaces: ManifestFile[];
}

export interface EnvironmentMemo {
  kept?: KeptValidation;
  /** The environment's files as read for the key (path from the repository root → bytes), for validating them. */
  contents: ReadonlyMap<string, Buffer>;
  /** Keeps the validation when it found no error and kustomize read only the environment's own files. */
  keep(validation: KeptValidation, kustomizeReads: string[] | undefined): void;
}

/** Enough for every environment of a few commits in a few workspaces; entries are small. */
export const VALIDATIONS_KEPT = 60;

/**
 * The memo of `environments/<env>` as its files are now, or undefined when nothing is kept: the
 * validate cache is off (`cacheDir` undefined), the CLI runs from source, or a checking tool is
 * missing (validation says so, every time).
 */
export async function environmentMemo(repoRoot: string, env: string, cacheDir: string | undefined): Promise<EnvironmentMemo | undefined> {
  if (!cacheDir || !cliBuild()) return undefined;
  const tools = await Promise.all([KUSTOMIZE, PROMTOOL, AMTOOL].map(toolVersion));
  if (tools.some((version) => !version)) return undefined;
  const dir = join(repoRoot, 'environments', env);
  const paths = (await listOwnedFiles(dir)).map((path) => `environments/${env}/${path}`);
  const contents = await Promise.all(paths.map((path) => readFile(join(repoRoot, path))));
  const files = paths.map((path, i) => [path, createHash('sha256').update(contents[i]!).digest('hex')]);
  const memo = buildMemo<KeptValidation>(join(cacheDir, 'environments'), { env, files, tools, crds: vendoredCrdFingerprint(), packages: installedPackages(repoRoot), node: process.version }, VALIDATIONS_KEPT);
  if (!memo) return undefined;
  const listed = new Set(paths);
  return {
    kept: memo.read(),
    contents: new Map(paths.map((path, i) => [path, contents[i]!])),
    keep: (validation, kustomizeReads) => {
      if (validation.findings.some((finding) => finding.severity === 'error')) return;
      if (!kustomizeReads || kustomizeReads.some((path) => !listed.has(path))) return;
      memo.write(validation);
    },
  };
}
