import { participantNames, type LabSpec } from '@workbench/lab-spec';
import { fetchLabBranches, labBranch, labStatus, readBranchSpecs, remoteLabBranches, type LabStatus } from './lab-branches.js';

export interface LabSummary {
  lab: string;
  branch: string;
  commit: string;
  template?: string;
  participants?: number;
  starts?: string;
  expires?: string;
  status: LabStatus | 'invalid';
  problem?: string;
}

/** Every lab on the remote, read from its branch's spec (fetched first), with the spec itself when it is valid. */
export async function listLabs(repoRoot: string, remote: string, now: Date): Promise<(LabSummary & { spec?: LabSpec })[]> {
  const branches = await remoteLabBranches(repoRoot, remote);
  if (branches.size) await fetchLabBranches(repoRoot, remote);
  return (await readBranchSpecs(repoRoot, branches)).map((found) => {
    const base = { lab: found.lab, branch: labBranch(found.lab), commit: found.commit };
    if ('problem' in found) return { ...base, status: 'invalid', problem: found.problem };
    const { spec } = found;
    return { ...base, template: spec.template, participants: participantNames(spec).length, starts: spec.starts, expires: spec.expires, status: labStatus(spec, now), spec };
  });
}
