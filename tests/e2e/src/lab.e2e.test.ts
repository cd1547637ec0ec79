import { existsSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addBareOrigin, checkoutFingerprint, COMMAND_ENV, createTempWorkspace, dirtyTheCheckout, linkInstalledPackages, type TempWorkspace } from '../support/temp-workspace.js';

// The trainer's commands against a bare repository as origin: create, list, extend, access,
// destroy; then what lab.yml runs on a pushed lab branch. Each run drives the real `workbench`,
// `git` and (through validate) `kubectl kustomize`.
let ws: TempWorkspace;
let scratch: string;
let origin: string;
const IDENTITY = { GIT_AUTHOR_NAME: 'Trainer', GIT_AUTHOR_EMAIL: 'trainer@example.com', GIT_COMMITTER_NAME: 'Trainer', GIT_COMMITTER_EMAIL: 'trainer@example.com' };

async function workbench(args: string[], cwd?: string) {
  const result = await execa(join(ws.dir, 'node_modules/.bin/workbench'), args, { cwd: cwd ?? ws.dir, reject: false, all: true, env: { ...COMMAND_ENV, ...IDENTITY } });
  return { exitCode: result.exitCode, output: String(result.all) };
}
const originGit = async (...args: string[]) => String((await execa('git', ['--git-dir', origin, ...args])).stdout).trim();
const originBranches = async () => (await originGit('for-each-ref', '--format=%(refname:short)', 'refs/heads/')).split('\n').filter(Boolean).sort();
const onOrigin = async (branch: string, path: string) => originGit('show', `${branch}:${path}`);
/** What a trainer would notice changed in their own checkout: branch, status, local branches. */
const checkoutState = async () => ({
  branch: await ws.run('git', ['branch', '--show-current']),
  status: await ws.run('git', ['status', '--porcelain']),
  branches: await ws.run('git', ['branch', '--list']),
});

beforeAll(async () => {
  ws = await createTempWorkspace();
  ({ scratch, origin } = await addBareOrigin(ws, 'workbench-lab-'));
  await ws.run('git', ['push', '-q', 'origin', 'main']);
});
afterAll(async () => {
  await ws?.dispose();
  await rm(scratch, { recursive: true, force: true });
});

describe('workbench lab', () => {
  it('create: writes the spec, renders and validates the lab on a new branch and pushes it, leaving the checkout alone', async () => {
    // A trainer's checkout with work in progress: staged, unstaged and untracked changes.
    const before = await checkoutState();
    const clean = await dirtyTheCheckout(ws);
    const fingerprint = await checkoutFingerprint(ws);
    const created = await workbench(['lab', 'create', 'spark-101', '--template', 'spark-notebook', '--participants', 'alice,bob', '--expires', '3d', '--trainer', 'ada@example.com']);
    expect(created.exitCode, created.output).toBe(0);
    expect(await checkoutFingerprint(ws), 'create never touches the checkout, its index or its files').toBe(fingerprint);
    await clean();
    expect(created.output).toContain('Creating lab spark-101: spark-notebook, 2 participant(s)');
    expect(await originBranches()).toEqual(['lab/spark-101', 'main']);
    const spec = parse(await onOrigin('lab/spark-101', 'platform/labs/spark-101.yaml'));
    expect(spec).toMatchObject({ template: 'spark-notebook', participants: ['alice', 'bob'], dataset: 'sample:retail-sales', trainer: 'ada@example.com' });
    const namespace = parse(await onOrigin('lab/spark-101', 'environments/lab/spark-101/lab-spark-101-alice/namespace-lab-spark-101-alice.yaml'));
    expect(namespace.metadata.labels['workbench.dev/lab-expires']).toBe(spec.expires.replaceAll('-', '').replaceAll(':', ''));
    // The trainer's checkout: same branch, nothing written; only the new local branch.
    const after = await checkoutState();
    expect({ ...after, branches: undefined }).toEqual({ ...before, branches: undefined });
    expect(after.branches).toContain('lab/spark-101');
  });

  it('the pushed branch is current and valid: render --check, validate and kubectl kustomize pass on a clone of it', async () => {
    const clone = join(scratch, 'clone-spark-101');
    await execa('git', ['clone', '-q', '-b', 'lab/spark-101', origin, clone]);
    await linkInstalledPackages(clone);
    expect((await workbench(['render', '--check', '--env', 'lab'], clone)).exitCode).toBe(0);
    const validated = await workbench(['validate', '--env', 'lab'], clone);
    expect(validated.exitCode, validated.output).toBe(0);
    expect(validated.output).toMatch(/0 error\(s\)/);
    const built = await execa('kubectl', ['kustomize', 'environments/lab/spark-101'], { cwd: clone });
    const kinds = String(built.stdout).split('\n---\n').map((d) => parse(d) as { kind: string; metadata: { name: string } });
    expect(kinds.filter((d) => d.kind === 'Namespace').map((d) => d.metadata.name)).toEqual(['lab-spark-101-alice', 'lab-spark-101-bob']);
    expect(kinds.filter((d) => d.kind === 'NetworkPolicy' && d.metadata.name === 'default-deny')).toHaveLength(2);
  });

  it('refuses bad input with the flag, the field and the fix, writing and pushing nothing', async () => {
    const before = { origin: await originBranches(), checkout: await checkoutState() };
    const cases: [string[], string][] = [
      [['--template', 'spark', '--participants', '2', '--expires', '2d'], "argument 'spark' is invalid. Allowed choices are spark-notebook, python-notebook, ml-workshop"],
      [['--template', 'python-notebook', '--participants', '0', '--expires', '2d'], '--participants (participants in platform/labs/new-lab.yaml): a lab needs at least one participant'],
      [['--template', 'python-notebook', '--participants', '500', '--expires', '2d'], '500 participants are more than the lab cluster allows (200'],
      [['--template', 'python-notebook', '--participants', '150', '--expires', '2d', '--cpu', '4'], '--cpu (resources.cpu in platform/labs/new-lab.yaml): 150 × 4 is more than the lab quota of 512'],
      [['--template', 'python-notebook', '--participants', '2', '--expires', '2020-01-01T00:00:00Z', '--starts', '2019-12-31T00:00:00Z'], '--expires (expires in platform/labs/new-lab.yaml): 2020-01-01T00:00:00Z is in the past'],
      [['--template', 'python-notebook', '--participants', '2', '--expires', '60d'], 'is more than 30 days after the lab starts'],
      [['--template', 'python-notebook', '--participants', 'alice,bob,alice', '--expires', '2d'], 'duplicate participant names: alice; each participant needs a distinct name'],
      [['--template', 'python-notebook', '--participants', 'alice,Bob_2', '--expires', '2d'], '--participants (participants.1 in platform/labs/new-lab.yaml): a participant name is lowercase'],
      [['--template', 'python-notebook', '--participants', '2', '--expires', '2d', '--dataset', 'sample:nope'], 'no sample dataset "nope" in platform/labs/datasets/ (available: sample:retail-sales)'],
    ];
    for (const [args, message] of cases) {
      const result = await workbench(['lab', 'create', 'new-lab', ...args]);
      expect(result.exitCode, args.join(' ')).not.toBe(0);
      expect(result.output, args.join(' ')).toContain(message);
    }
    const taken = await workbench(['lab', 'create', 'spark-101', '--template', 'python-notebook', '--participants', '2', '--expires', '2d']);
    expect(taken.exitCode).toBe(2);
    expect(taken.output).toContain('<lab> "spark-101" is taken: branch lab/spark-101 exists on origin');
    const badName = await workbench(['lab', 'create', 'Spark_101', '--template', 'python-notebook', '--participants', '2', '--expires', '2d']);
    expect(badName.output).toContain('a lab name is lowercase letters, digits and "-"');
    expect({ origin: await originBranches(), checkout: await checkoutState() }).toEqual(before);
  });

  it('list: every lab on the remote with template, participants, expiry and whether it expired', async () => {
    const created = await workbench(['lab', 'create', 'py-intro', '--template', 'python-notebook', '--participants', '3', '--expires', '2d']);
    expect(created.exitCode, created.output).toBe(0);
    // The lab quota is shared: a lab that fits alone is refused while these two run.
    const full = await workbench(['lab', 'create', 'big-course', '--template', 'python-notebook', '--participants', '200', '--cpu', '2550m', '--expires', '2d']);
    expect(full.exitCode, full.output).toBe(2);
    expect(full.output).toContain('--cpu (resources.cpu in platform/labs/big-course.yaml): 200 × 2550m plus 7 CPU for the labs running at the same time (py-intro, spark-101) is more than the lab quota of 512');
    expect(await originBranches()).toEqual(['lab/py-intro', 'lab/spark-101', 'main']);

    const listed = await workbench(['lab', 'list']);
    expect(listed.exitCode, listed.output).toBe(0);
    const lines = listed.output.trim().split('\n');
    expect(lines[0]).toMatch(/^LAB\s+TEMPLATE\s+PARTICIPANTS\s+STARTS\s+EXPIRES\s+STATUS$/);
    expect(lines[1]).toMatch(/^py-intro\s+python-notebook\s+3\s+\S+\s+\S+\s+active$/);
    expect(lines[2]).toMatch(/^spark-101\s+spark-notebook\s+2\s+\S+\s+\S+\s+active$/);
    const later = new Date(Date.now() + 2.5 * 86_400_000).toISOString();
    const json = JSON.parse((await workbench(['lab', 'list', '--json', '--now', later])).output) as { lab: string; status: string }[];
    expect(json.map((l) => [l.lab, l.status])).toEqual([
      ['py-intro', 'expired'],
      ['spark-101', 'active'],
    ]);
  });

  it('extend: moves the expiry on the branch, re-rendered, keeping the spec\'s comments; beyond the maximum is refused', async () => {
    // A local commit not on origin would be lost by the reset: refused.
    const original = await ws.run('git', ['rev-parse', 'lab/py-intro']);
    const tree = await ws.run('git', ['rev-parse', 'lab/py-intro^{tree}']);
    const localOnly = await ws.run('git', ['commit-tree', tree, '-p', original, '-m', 'local only'], { env: { ...COMMAND_ENV, ...IDENTITY } });
    await ws.run('git', ['update-ref', 'refs/heads/lab/py-intro', localOnly]);
    const refused = await workbench(['lab', 'extend', 'py-intro', '--expires', '10d']);
    expect(refused.exitCode).toBe(1);
    expect(refused.output).toContain('your local branch lab/py-intro has commits that are not on origin');
    await ws.run('git', ['update-ref', 'refs/heads/lab/py-intro', original]);

    // A duration extends from the current expiry: the README's `--expires 2d` means two more days.
    const expiryOnOrigin = async () => (parse(await onOrigin('lab/py-intro', 'platform/labs/py-intro.yaml')) as { expires: string }).expires;
    const before = await expiryOnOrigin();
    const clean = await dirtyTheCheckout(ws);
    const fingerprint = await checkoutFingerprint(ws);
    const extended = await workbench(['lab', 'extend', 'py-intro', '--expires', '2d']);
    expect(extended.exitCode, extended.output).toBe(0);
    expect(await checkoutFingerprint(ws), 'extend never touches the checkout, its index or its files').toBe(fingerprint);
    expect(await ws.run('git', ['rev-parse', 'lab/py-intro']), 'the local lab branch follows the pushed one').toBe(await originGit('rev-parse', 'lab/py-intro'));
    await clean();
    expect(extended.output).toContain(`Extending lab py-intro: expires ${before} → `);
    const text = await onOrigin('lab/py-intro', 'platform/labs/py-intro.yaml');
    expect(text).toContain('# Lab py-intro: edit on branch lab/py-intro and push');
    const expires = (parse(text) as { expires: string }).expires;
    expect(Date.parse(expires) - Date.parse(before)).toBe(2 * 86_400_000);
    // An earlier expiry is refused unless asked for with --shorten, which says what it does.
    const earlier = new Date(Date.parse(expires) - 86_400_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const notShorter = await workbench(['lab', 'extend', 'py-intro', '--expires', earlier]);
    expect(notShorter.exitCode).toBe(2);
    expect(notShorter.output).toContain(`is earlier than the current expiry ${expires}`);
    expect(notShorter.output).toContain('pass --shorten');
    expect(await expiryOnOrigin()).toBe(expires);
    const shortened = await workbench(['lab', 'extend', 'py-intro', '--expires', earlier, '--shorten']);
    expect(shortened.exitCode, shortened.output).toBe(0);
    expect(shortened.output).toContain('Shortening lab py-intro');
    expect(shortened.output).toContain('24 h earlier than planned');
    expect(await expiryOnOrigin()).toBe(earlier);
    const ns = parse(await onOrigin('lab/py-intro', 'environments/lab/py-intro/lab-py-intro-p01/namespace-lab-py-intro-p01.yaml'));
    expect(ns.metadata.labels['workbench.dev/lab-expires']).toBe(earlier.replaceAll('-', '').replaceAll(':', ''));
    const head = await originGit('rev-parse', 'lab/py-intro');
    const tooLong = await workbench(['lab', 'extend', 'py-intro', '--expires', '45d']);
    expect(tooLong.exitCode).toBe(2);
    expect(tooLong.output).toContain('platform/labs/py-intro.yaml: expires:');
    expect(tooLong.output).toContain('more than 30 days after the lab starts');
    expect(await originGit('rev-parse', 'lab/py-intro')).toBe(head);
    expect((await workbench(['lab', 'extend', 'no-such-lab', '--expires', '2d'])).output).toContain('no branch lab/no-such-lab on origin');
  });

  it('access: the participant sheet with each URL and how the in-cluster token is read, no token in it', async () => {
    const sheet = await workbench(['lab', 'access', 'spark-101']);
    expect(sheet.exitCode, sheet.output).toBe(0);
    expect(sheet.output).toContain('| alice | https://spark-101-alice.lab.workbench.example.com/lab | `lab-spark-101-alice` |');
    expect(sheet.output).toContain("kubectl -n lab-spark-101-alice get secret workspace-token -o jsonpath='{.data.password}' | base64 -d");
    expect(sheet.output).toContain('Trainer: ada@example.com');
  });

  it('destroy: an active lab only when confirmed; deletes the branch on origin and locally', async () => {
    // Nobody to ask (no terminal): an active lab is kept unless --yes says so.
    const unconfirmed = await workbench(['lab', 'destroy', 'py-intro']);
    expect(unconfirmed.exitCode).toBe(2);
    expect(unconfirmed.output).toMatch(/Lab py-intro is active: 3 participant\(s\) are working in it until \S+, and destroying it deletes their workspaces\. Pass --yes/);
    expect(await originBranches()).toEqual(['lab/py-intro', 'lab/spark-101', 'main']);
    const destroyed = await workbench(['lab', 'destroy', 'py-intro', '--yes']);
    expect(destroyed.exitCode, destroyed.output).toBe(0);
    expect(await originBranches()).toEqual(['lab/spark-101', 'main']);
    expect(await ws.run('git', ['branch', '--list', 'lab/py-intro'])).toBe('');
    expect((await workbench(['lab', 'list', '--json'])).output).not.toContain('py-intro');
    const again = await workbench(['lab', 'destroy', 'py-intro']);
    expect(again.exitCode).toBe(2);
    expect(again.output).toContain('no branch lab/py-intro on origin');
  });

  it('lab.yml on a pushed branch: main\'s tooling checks the spec, renders and commits the render back; the branch\'s own code never runs', async () => {
    // A trainer edits the spec on the branch by hand (adds carol) and, hostile or careless, also
    // changes the program; then pushes without rendering.
    const edit = join(scratch, 'clone-edit');
    await execa('git', ['clone', '-q', '-b', 'lab/spark-101', origin, edit]);
    const specFile = join(edit, 'platform/labs/spark-101.yaml');
    await writeFile(specFile, (await readFile(specFile, 'utf8')).replace(/^participants: .*$/m, 'participants: [alice, bob, carol]'));
    await writeFile(join(edit, 'platform/workloads/index.ts'), "import { writeFileSync } from 'node:fs';\nwriteFileSync('/tmp/workbench-lab-branch-code-ran', 'x');\n");
    await execa('git', ['commit', '-qam', 'add carol'], { cwd: edit, env: IDENTITY });
    await execa('git', ['push', '-q', 'origin', 'lab/spark-101'], { cwd: edit });
    await rm('/tmp/workbench-lab-branch-code-ran', { force: true });

    // What lab.yml checks out: main (the tooling, installed) and the branch beside it as data.
    const tooling = join(scratch, 'tooling');
    await execa('git', ['clone', '-q', '-b', 'main', origin, tooling]);
    await linkInstalledPackages(tooling);
    await execa('git', ['clone', '-q', '-b', 'lab/spark-101', origin, join(tooling, 'lab-branch')]);

    const checked = await workbench(['lab', 'check', '--branch', 'lab/spark-101', '--from', 'lab-branch'], tooling);
    expect(checked.exitCode, checked.output).toBe(0);
    expect((await workbench(['render', '--env', 'lab'], tooling)).exitCode).toBe(0);
    expect((await workbench(['validate', '--env', 'lab'], tooling)).exitCode).toBe(0);
    const committed = await workbench(['lab', 'commit-render', 'spark-101', '--into', 'lab-branch', '--push'], tooling);
    expect(committed.exitCode, committed.output).toBe(0);
    expect(await onOrigin('lab/spark-101', 'environments/lab/spark-101/kustomization.yaml')).toContain('lab-spark-101-carol');
    expect((await workbench(['lab', 'commit-render', 'spark-101', '--into', 'lab-branch', '--push'], tooling)).output).toContain('nothing to commit');
    expect(existsSync('/tmp/workbench-lab-branch-code-ran')).toBe(false);
    // The tooling checkout itself was not committed to.
    expect(await execa('git', ['log', '-1', '--format=%s'], { cwd: tooling }).then((r) => r.stdout)).not.toContain('lab(spark-101)');

    // A branch that is not a lab, or carries another lab's spec, is refused.
    expect((await workbench(['lab', 'check', '--branch', 'feature/x'], tooling)).output).toContain('is not a lab branch');
    await writeFile(join(tooling, 'lab-branch/platform/labs/other.yaml'), await readFile(specFile, 'utf8'));
    const two = await workbench(['lab', 'check', '--branch', 'lab/spark-101', '--from', 'lab-branch'], tooling);
    expect(two.exitCode).toBe(2);
    expect(two.output).toContain('platform/labs/other.yaml: a lab branch carries only its own spec');
  });
});
