import { existsSync } from 'node:fs';
import { cp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import writeFileAtomic from 'write-file-atomic';
import { join } from 'node:path';
import { labName, labSpecNames, labSpecPath, LABS_DIR, parseLabSpec, participantNames, type LabSpec } from '@workbench/lab-spec';
import { botIdentity, git, gitSucceeds } from '../adapters/git.js';
import { formatAccessSheet } from '../labs/access-sheet.js';
import { fetchLabBranches, LAB_BRANCH_PREFIX, labBranch, labStatus, readBranchSpecs, remoteLabBranches, runnableLabs, specAt } from '../labs/lab-branches.js';
import { checkLabLimits, isRelativeTime, LabInputError, parseLabInput, resolveTime, specText, withExpiry, type LabCreateInput } from '../labs/lab-input.js';
import { readLabSettings } from '../labs/lab-settings.js';
import { listLabs, type LabSummary } from '../labs/lab-list.js';
import { BranchChangeError, commitOnBranch } from '../workspace/commit-on-branch.js';
import { renderToDisk } from '../render/render-to-disk.js';
import { formatFinding } from '../validate/finding.js';
import { validateEnvironment } from '../validate/validate-environment.js';

export class LabError extends Error {}

interface LabCommandOptions {
  repoRoot: string;
  /** The remote lab branches live on. Default origin. */
  remote?: string;
  now?: Date;
  out?: (line: string) => void;
}

function checkName(lab: string): void {
  const name = labName.safeParse(lab);
  if (!name.success) throw new LabInputError(lab, [`<lab> "${lab}": ${name.error.issues[0]!.message}`]);
}

/** What every lab command starts from: a valid lab name and the defaults of its options. */
function labCommand(options: LabCommandOptions & { lab?: string }) {
  if (options.lab !== undefined) checkName(options.lab);
  return {
    out: options.out ?? ((line: string) => process.stdout.write(line + '\n')),
    remote: options.remote ?? 'origin',
    now: options.now ?? new Date(),
  };
}

/**
 * Renders environments/lab (with the lab) in `dir` and validates it; throws when either fails,
 * so nothing gets committed.
 */
async function renderAndValidate(dir: string, lab: string, out: (line: string) => void): Promise<void> {
  // A lab adds no cloud resource: the lab cluster's stack is planned with main's changes, not here.
  const rendered = await renderToDisk(dir, ['lab'], out, { cloud: false });
  for (const line of rendered.problems) out(`  ${line}`);
  if (!rendered.ok) throw new LabError(`lab ${lab}: rendering environments/lab failed (above); nothing was committed or pushed`);
  const errors = (await validateEnvironment(dir, 'lab')).findings.filter((f) => f.severity === 'error');
  for (const finding of errors) out(`  ${formatFinding(finding)}`);
  if (errors.length) throw new LabError(`lab ${lab}: the rendered lab is not valid (above); nothing was committed or pushed`);
}

/** What a lab command commits on its branch, as the lab bot when git has no identity. */
const LAB_PATHS = [LABS_DIR, 'environments/lab'];
const LAB_BOT = 'workbench-lab';

async function commitAll(dir: string, message: string): Promise<string> {
  await git(dir, ['add', '--', ...LAB_PATHS]);
  await git(dir, [...(await botIdentity(dir, LAB_BOT)), 'commit', '-q', '-m', message]);
  return git(dir, ['rev-parse', 'HEAD']);
}

/** A branch that cannot be pushed or moved is the lab's problem to report, not a crash. */
const labBranchError = (lab: string) => (error: unknown) => {
  throw error instanceof BranchChangeError ? new LabError(`lab ${lab}: ${error.message}`) : error;
};

export interface LabCreateOptions extends LabCommandOptions {
  lab: string;
  input: LabCreateInput;
  /** The commit the lab branch starts from. Default HEAD. */
  base?: string;
  push?: boolean;
}

/**
 * Writes platform/labs/<lab>.yaml on a new branch lab/<lab>, renders and validates
 * environments/lab/<lab>/, commits and pushes. Everything is checked first; a failure leaves no
 * branch, no file and nothing pushed.
 */
export async function labCreate(options: LabCreateOptions): Promise<{ commit: string; branch: string }> {
  const { repoRoot, lab } = options;
  const { out, remote, now } = labCommand(options);
  const { limits } = readLabSettings(repoRoot);
  const text = specText(lab, options.input, now);
  const definition = parseLabInput(lab, text, repoRoot, true);
  // The lab's own limits first: bad input is refused before the remote is asked anything.
  checkLabLimits(definition, limits, now, [], true);
  const branch = labBranch(lab);
  const remoteBranches = await remoteLabBranches(repoRoot, remote);
  const taken = [
    remoteBranches.has(lab) && `branch ${branch} exists on ${remote} (see \`workbench lab list\`)`,
    (await gitSucceeds(repoRoot, ['rev-parse', '--verify', '-q', `refs/heads/${branch}`])) && `a local branch ${branch} exists (delete it with \`git branch -D ${branch}\`)`,
    (await gitSucceeds(repoRoot, ['cat-file', '-e', `${options.base ?? 'HEAD'}:${labSpecPath(lab)}`])) && `${labSpecPath(lab)} already exists at ${options.base ?? 'HEAD'}`,
  ].filter((reason): reason is string => Boolean(reason));
  if (taken.length) throw new LabInputError(lab, taken.map((reason) => `<lab> "${lab}" is taken: ${reason}; choose another name`));
  // The lab quota is shared with every lab that runs at the same time.
  if (remoteBranches.size) {
    await fetchLabBranches(repoRoot, remote);
    checkLabLimits(definition, limits, now, runnableLabs(await readBranchSpecs(repoRoot, remoteBranches)), true);
  }

  const count = participantNames(definition.spec).length;
  out(`Creating lab ${lab}: ${definition.spec.template}, ${count} participant(s), expires ${definition.spec.expires}`);
  const push = options.push ?? true;
  const { commit } = await commitOnBranch({
    repoRoot,
    branch,
    start: options.base ?? 'HEAD',
    // A lab/<lab> that appears on the remote meanwhile is another lab of the same name: never build on it.
    attempts: 1,
    landing: push ? { push: true, remote, localBranch: true } : { push: false, localBranch: true },
    apply: async (dir) => {
      out(`  writing ${labSpecPath(lab)} on branch ${branch}`);
      await mkdir(join(dir, LABS_DIR), { recursive: true });
      await writeFile(join(dir, labSpecPath(lab)), text);
      out(`  rendering and validating environments/lab/${lab}/`);
      await renderAndValidate(dir, lab, out);
      return LAB_PATHS;
    },
    message: `lab(${lab}): create — ${definition.spec.template}, ${count} participant(s), expires ${definition.spec.expires}`,
    bot: LAB_BOT,
    out,
  }).catch(labBranchError(lab));
  if (!commit) throw new LabError(`lab ${lab}: creating it changed nothing on ${branch}`);
  out(`Lab ${lab} is on ${branch} (${commit.slice(0, 12)})${push ? `; the lab cluster brings it up within minutes. Access sheet: workbench lab access ${lab}` : ' (not pushed)'}`);
  return { commit, branch };
}

/** Every lab on the remote, read from its branch's spec. */
export async function labList(options: LabCommandOptions): Promise<LabSummary[]> {
  const { remote, now } = labCommand(options);
  return (await listLabs(options.repoRoot, remote, now)).map(({ spec: _spec, ...summary }) => summary);
}

export function formatLabList(labs: LabSummary[]): string {
  if (labs.length === 0) return 'No labs: no lab/* branches on the remote. Create one with `workbench lab create <lab> --template … --participants … --expires …`.\n';
  const rows = [
    ['LAB', 'TEMPLATE', 'PARTICIPANTS', 'STARTS', 'EXPIRES', 'STATUS'],
    ...labs.map((l) => [l.lab, l.template ?? '-', l.participants === undefined ? '-' : String(l.participants), l.starts ?? '-', l.expires ?? '-', l.problem ? `invalid: ${l.problem}` : l.status]),
  ];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  ')).join('\n') + '\n';
}

export interface LabExtendOptions extends LabCommandOptions {
  lab: string;
  /** ISO 8601, or a duration counted from the current expiry ("2d" = two more days). */
  expires: string;
  /** Allow an expiry earlier than the current one. */
  shorten?: boolean;
  push?: boolean;
}

/**
 * Moves a lab's expiry: updates the spec on its branch, re-renders (labels carry the expiry),
 * pushes. A duration extends from the current expiry; an earlier expiry needs `shorten`.
 */
export async function labExtend(options: LabExtendOptions): Promise<{ commit: string }> {
  const { repoRoot, lab } = options;
  const { out, remote, now } = labCommand(options);
  const { limits } = readLabSettings(repoRoot);
  const branches = await remoteLabBranches(repoRoot, remote);
  if (!branches.has(lab)) throw new LabInputError(lab, [`<lab>: no branch ${labBranch(lab)} on ${remote} (see \`workbench lab list\`)`]);
  await fetchLabBranches(repoRoot, remote);
  const start = `refs/remotes/${remote}/${labBranch(lab)}`;
  // The local branch is reset to the remote one: refuse when that would drop local commits.
  const local = `refs/heads/${labBranch(lab)}`;
  if ((await gitSucceeds(repoRoot, ['rev-parse', '--verify', '-q', local])) && !(await gitSucceeds(repoRoot, ['merge-base', '--is-ancestor', local, start]))) {
    throw new LabError(`lab ${lab}: your local branch ${labBranch(lab)} has commits that are not on ${remote}; push them (or delete the branch) first`);
  }
  const current = await specAt(repoRoot, start, lab);
  if (current === undefined) throw new LabError(`lab ${lab}: branch ${labBranch(lab)} has no ${labSpecPath(lab)}; fix the branch by hand`);
  const previous = parseLabSpec(current, lab).spec.expires;
  const expires = resolveTime(options.expires, isRelativeTime(options.expires) ? new Date(previous) : now);
  const earlier = Date.parse(expires) < Date.parse(previous);
  if (earlier && !options.shorten) {
    throw new LabInputError(lab, [
      `--expires ${options.expires}: ${expires} is earlier than the current expiry ${previous}; \`extend\` moves the end later (a duration counts from the current expiry). To end the lab earlier, pass --shorten`,
    ]);
  }
  const text = withExpiry(current, expires);
  const definition = parseLabInput(lab, text, repoRoot, false);
  const others = new Map([...branches].filter(([name]) => name !== lab));
  checkLabLimits(definition, limits, now, runnableLabs(await readBranchSpecs(repoRoot, others)), false);
  out(
    earlier
      ? `Shortening lab ${lab}: expires ${previous} → ${definition.spec.expires}; the lab cluster removes it ${hoursBetween(expires, previous)} h earlier than planned`
      : `Extending lab ${lab}: expires ${previous} → ${definition.spec.expires}`,
  );
  const { commit } = await commitOnBranch({
    repoRoot,
    branch: labBranch(lab),
    start,
    landing: options.push ?? true ? { push: true, remote, localBranch: true } : { push: false, localBranch: true },
    // On the branch's newest tip (CI may have committed a render meanwhile): only the expiry moves.
    apply: async (dir) => {
      const spec = join(dir, labSpecPath(lab));
      await writeFile(spec, withExpiry(await readFile(spec, 'utf8'), expires));
      out(`  rendering and validating environments/lab/${lab}/`);
      await renderAndValidate(dir, lab, out);
      return LAB_PATHS;
    },
    message: `lab(${lab}): extend to ${definition.spec.expires}`,
    bot: LAB_BOT,
    out,
  }).catch(labBranchError(lab));
  if (!commit) throw new LabError(`lab ${lab}: already expires ${definition.spec.expires}; nothing to change`);
  out(`Lab ${lab} now expires ${definition.spec.expires} (${commit.slice(0, 12)}).`);
  return { commit };
}

const hoursBetween = (from: string, to: string) => Math.round((Date.parse(to) - Date.parse(from)) / 3_600_000);

export interface LabDestroyOptions extends LabCommandOptions {
  lab: string;
  /** Destroy an active lab without asking. */
  yes?: boolean;
  /** Asks the trainer; absent when there is nobody to ask (CI, a pipe). */
  confirm?: (question: string) => Promise<boolean>;
}

/**
 * Deletes the lab's branch on the remote (and locally); the lab cluster then prunes the lab,
 * participants' work included. An active lab is destroyed only when confirmed (or with `yes`).
 */
export async function labDestroy(options: LabDestroyOptions): Promise<void> {
  const { repoRoot, lab } = options;
  const { out, remote, now } = labCommand(options);
  const branches = await remoteLabBranches(repoRoot, remote);
  if (!branches.has(lab)) throw new LabInputError(lab, [`<lab>: no branch ${labBranch(lab)} on ${remote} (see \`workbench lab list\`)`]);
  if (!options.yes) {
    await fetchLabBranches(repoRoot, remote);
    const [found] = await readBranchSpecs(repoRoot, new Map([[lab, branches.get(lab)!]]));
    if (found && 'spec' in found && labStatus(found.spec, now) === 'active') {
      const question = `Lab ${lab} is active: ${participantNames(found.spec).length} participant(s) are working in it until ${found.spec.expires}, and destroying it deletes their workspaces. Destroy it now?`;
      if (!options.confirm) throw new LabInputError(lab, [`${question.replace(/ Destroy it now\?$/, '')} Pass --yes to destroy it anyway.`]);
      if (!(await options.confirm(question))) {
        out(`Kept lab ${lab}.`);
        return;
      }
    }
  }
  await git(repoRoot, ['push', '-q', remote, '--delete', labBranch(lab)]);
  const local = await gitSucceeds(repoRoot, ['branch', '-D', labBranch(lab)]);
  out(`Deleted ${labBranch(lab)} on ${remote}${local ? ' and locally' : ''} (was ${branches.get(lab)!.slice(0, 12)}). The lab cluster removes lab ${lab} at its next branch scan (every 2 minutes).`);
}

/** The lab's spec: from the working tree when it is there (on the lab branch), else from the remote branch. */
async function readLabForAccess(options: LabCommandOptions & { lab: string }): Promise<LabSpec> {
  const { repoRoot, lab } = options;
  const { remote } = labCommand(options);
  if (existsSync(join(repoRoot, labSpecPath(lab)))) return parseLabSpec(await readFile(join(repoRoot, labSpecPath(lab)), 'utf8'), lab, repoRoot).spec;
  const branches = await remoteLabBranches(repoRoot, remote);
  if (!branches.has(lab)) throw new LabInputError(lab, [`<lab>: no ${labSpecPath(lab)} here and no branch ${labBranch(lab)} on ${remote}`]);
  await fetchLabBranches(repoRoot, remote);
  const [found] = await readBranchSpecs(repoRoot, new Map([[lab, branches.get(lab)!]]));
  if ('problem' in found!) throw new LabError(`lab ${lab}: branch ${labBranch(lab)}: ${found.problem}`);
  return found!.spec;
}

export async function labAccess(options: LabCommandOptions & { lab: string }): Promise<string> {
  const spec = await readLabForAccess(options);
  return formatAccessSheet(options.lab, spec, readLabSettings(options.repoRoot).domain);
}

/**
 * CI on a lab branch: the branch is lab/<lab>, it carries exactly that lab's spec, and the spec
 * is valid, within the cluster's limits and not expired. Returns the lab's name.
 */
/**
 * CI on a lab branch: the branch carries exactly its lab's valid, unexpired spec. With `from`
 * (a checkout of the branch, read as data only) the spec is checked there and copied into this
 * checkout, so that the trusted tooling of this checkout renders it and the branch's own code
 * never runs.
 */
export async function labCheck(options: LabCommandOptions & { branch: string; from?: string }): Promise<string> {
  const { repoRoot, branch } = options;
  if (!branch.startsWith(LAB_BRANCH_PREFIX)) throw new LabError(`branch ${branch} is not a lab branch (lab/<lab>)`);
  const lab = branch.slice(LAB_BRANCH_PREFIX.length);
  checkName(lab);
  const source = options.from ?? repoRoot;
  const file = join(source, labSpecPath(lab));
  if (!existsSync(file)) throw new LabInputError(lab, [`${labSpecPath(lab)}: missing; branch ${branch} must carry its lab's spec (create labs with \`workbench lab create\`)`]);
  const others = labSpecNames(source).filter((name) => name !== lab).map(labSpecPath);
  if (others.length) throw new LabInputError(lab, [`${others.join(', ')}: a lab branch carries only its own spec; remove the others from ${branch}`]);
  const { limits } = readLabSettings(repoRoot);
  const text = await readFile(file, 'utf8');
  checkLabLimits(parseLabInput(lab, text, repoRoot, false), limits, options.now ?? new Date(), [], false);
  if (options.from) {
    const here = labSpecNames(repoRoot).filter((name) => name !== lab);
    if (here.length) throw new LabError(`this checkout already has lab specs (${here.map(labSpecPath).join(', ')}); run the check from a checkout of main`);
    await mkdir(join(repoRoot, LABS_DIR), { recursive: true });
    await writeFileAtomic(join(repoRoot, labSpecPath(lab)), text);
  }
  return lab;
}

/**
 * CI on a lab branch: commits what the render changed under environments/lab and pushes it back.
 * With `into` (a checkout of the lab branch), the environments/lab rendered here replaces the
 * branch's and is committed there: the branch receives the render of this checkout's tooling.
 */
export async function labCommitRender(options: LabCommandOptions & { lab: string; push: boolean; into?: string }): Promise<{ commit?: string }> {
  const { repoRoot, lab } = options;
  const { out, remote } = labCommand(options);
  const target = options.into ?? repoRoot;
  if (options.into) {
    const branch = await git(target, ['branch', '--show-current']);
    if (branch !== labBranch(lab)) throw new LabError(`${options.into} has ${branch || 'no branch'} checked out, not ${labBranch(lab)}`);
    await rm(join(target, 'environments/lab'), { recursive: true, force: true });
    await cp(join(repoRoot, 'environments/lab'), join(target, 'environments/lab'), { recursive: true });
  }
  await git(target, ['add', '--', 'environments/lab']);
  if (await gitSucceeds(target, ['diff', '--cached', '--quiet'])) {
    out(`environments/lab is current on ${labBranch(lab)}: nothing to commit.`);
    return {};
  }
  const commit = await commitAll(target, `lab(${lab}): render environments/lab/${lab} [skip ci]`);
  if (options.push) await git(target, ['push', '-q', remote, `HEAD:refs/heads/${labBranch(lab)}`]);
  out(`Committed the rendered lab ${lab} (${commit.slice(0, 12)})${options.push ? ` and pushed it to ${labBranch(lab)}` : ''}.`);
  return { commit };
}
