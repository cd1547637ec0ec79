import { labSpecPath, parseLabSpec, type LabSpec, type OtherLab } from '@workbench/lab-spec';
import { git, gitSucceeds } from '../adapters/git.js';

/** A lab lives on branch `lab/<lab>`; the lab cluster watches branches matching ^lab/. */
export const LAB_BRANCH_PREFIX = 'lab/';
export const labBranch = (lab: string) => `${LAB_BRANCH_PREFIX}${lab}`;

export type LabStatus = 'scheduled' | 'active' | 'expired';

export function labStatus(spec: Pick<LabSpec, 'starts' | 'expires'>, now: Date): LabStatus {
  if (Date.parse(spec.expires) <= now.getTime()) return 'expired';
  return Date.parse(spec.starts) > now.getTime() ? 'scheduled' : 'active';
}

/** Lab branches on the remote: lab name → commit. */
export async function remoteLabBranches(repoRoot: string, remote: string): Promise<Map<string, string>> {
  await assertRemote(repoRoot, remote);
  const out = await git(repoRoot, ['ls-remote', '--heads', remote, `refs/heads/${LAB_BRANCH_PREFIX}*`]);
  const branches = new Map<string, string>();
  for (const line of out.split('\n').filter(Boolean)) {
    const [sha, ref] = line.split('\t');
    branches.set(ref!.slice(`refs/heads/${LAB_BRANCH_PREFIX}`.length), sha!);
  }
  return new Map([...branches].sort(([a], [b]) => (a < b ? -1 : 1)));
}

/** Fetches every lab branch into refs/remotes/<remote>/lab/*, dropping deleted ones. */
export async function fetchLabBranches(repoRoot: string, remote: string): Promise<void> {
  await git(repoRoot, ['fetch', '-q', '--prune', remote, `+refs/heads/${LAB_BRANCH_PREFIX}*:refs/remotes/${remote}/${LAB_BRANCH_PREFIX}*`]);
}

/** The lab's spec as committed at `ref`, or undefined when the branch has none. */
export async function specAt(repoRoot: string, ref: string, lab: string): Promise<string | undefined> {
  const object = `${ref}:${labSpecPath(lab)}`;
  return (await gitSucceeds(repoRoot, ['cat-file', '-e', object])) ? git(repoRoot, ['show', object]) : undefined;
}

/** A lab branch's spec as committed, or why it cannot be read. */
export type BranchSpec = { lab: string; commit: string } & ({ spec: LabSpec } | { problem: string });

/** The spec on each of these (already fetched) lab branches. */
export async function readBranchSpecs(repoRoot: string, branches: Map<string, string>): Promise<BranchSpec[]> {
  const specs: BranchSpec[] = [];
  for (const [lab, commit] of branches) {
    const text = await specAt(repoRoot, commit, lab);
    if (text === undefined) {
      specs.push({ lab, commit, problem: `no ${labSpecPath(lab)} on the branch` });
      continue;
    }
    try {
      specs.push({ lab, commit, spec: parseLabSpec(text, lab).spec });
    } catch (error) {
      specs.push({ lab, commit, problem: (error as Error).message.split('\n')[0]! });
    }
  }
  return specs;
}

/** The labs that ask the cluster for something: a branch without a valid spec asks for nothing. */
export function runnableLabs(specs: BranchSpec[]): OtherLab[] {
  return specs.flatMap((s) => ('spec' in s ? [{ lab: s.lab, spec: s.spec }] : []));
}

async function assertRemote(repoRoot: string, remote: string): Promise<void> {
  if (!(await gitSucceeds(repoRoot, ['remote', 'get-url', remote]))) {
    throw new Error(`no git remote "${remote}": labs are branches on the shared repository; add it with \`git remote add ${remote} <url>\` or pass --remote`);
  }
}
