import { mkdir, readdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderCommand } from '../src/commands/render.js';
import { replaceEnvironments } from '../src/render/environment-files.js';
import { createRenderWorkspace, type RenderWorkspace } from './support/render-workspace.js';
import { stackFilePath } from '@workbench/stack-config';

let ws: RenderWorkspace;
beforeAll(async () => {
  ws = await createRenderWorkspace();
});
afterAll(() => ws.dispose());

/** Renders staging and lab; `cloud: false` where a test is about the Kubernetes render alone (faster). */
async function render(check = false, options: { cloud?: boolean } = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const summary = await renderCommand({ repoRoot: ws.dir, environments: ['staging', 'lab'], check, cloud: options.cloud ?? true, quiet: true, out: (l) => out.push(l), err: (l) => err.push(l) });
  return { ...summary, out: out.join('\n'), err: err.join('\n') };
}

describe('workbench render', () => {
  it('is deterministic: two renders write identical bytes, and --check then passes', async () => {
    const first = await render();
    expect(first.ok).toBe(true);
    expect(first.out).toMatch(/Rendered 2 environment\(s\) \(staging, lab\): 4 app\(s\), \d+ objects; 3 cloud stack\(s\) \(shared, staging, lab\): \d+ resources in [\d.]+ s/);
    const before = await ws.snapshotEnvironments();
    expect((await render()).ok).toBe(true);
    expect(await ws.snapshotEnvironments()).toEqual(before);
    const check = await render(true);
    expect(check.ok).toBe(true);
    expect(check.out).toContain('committed output is current');
  });

  it('leaves an environment whose files are current untouched, and replaces one that drifted', async () => {
    await render(false, { cloud: false });
    const stagingFile = join(ws.dir, 'environments/staging/apps/initech/service-demo-api.yaml');
    const labFile = join(ws.dir, 'environments/lab/apps/kustomization.yaml');
    const identity = async (file: string) => {
      const { ino, mtimeMs } = await stat(file);
      return { ino, mtimeMs };
    };
    const [stagingBefore, labBefore] = [await identity(stagingFile), await identity(labFile)];
    expect((await render(false, { cloud: false })).ok).toBe(true);
    expect(await identity(stagingFile)).toEqual(stagingBefore);
    expect(await identity(labFile)).toEqual(labBefore);

    await writeFile(stagingFile, '# edited\n');
    const edited = await ws.snapshotEnvironments();
    expect((await render(false, { cloud: false })).ok).toBe(true);
    // staging is rendered again whole (a new tree swapped in); lab, still current, is not touched.
    expect((await identity(stagingFile)).ino).not.toBe(stagingBefore.ino);
    expect(await identity(labFile)).toEqual(labBefore);
    expect(await ws.snapshotEnvironments()).not.toEqual(edited);
  });

  it('--check lists hand-edited, hand-added and missing files with the command that fixes them, writing nothing', async () => {
    await render();
    await writeFile(join(ws.dir, 'environments/staging/apps/initech/service-demo-api.yaml'), '# edited\n');
    await writeFile(join(ws.dir, 'environments/lab/apps/extra.yaml'), 'kind: ConfigMap\n');
    const before = await ws.snapshotEnvironments();
    const check = await render(true);
    expect(check.ok).toBe(false);
    expect(check.err).toContain('environments/staging/apps/initech/service-demo-api.yaml: differs from what the inputs render');
    expect(check.err).toContain('environments/lab/apps/extra.yaml: not produced by the render');
    expect(check.err).toContain('npx workbench render');
    expect(await ws.snapshotEnvironments()).toEqual(before);
    await render();
  });

  it('keeps the folder flux bootstrap writes into cluster/', async () => {
    await mkdir(join(ws.dir, 'environments/staging/cluster/flux-system'), { recursive: true });
    await writeFile(join(ws.dir, 'environments/staging/cluster/flux-system/gotk-sync.yaml'), 'kind: GitRepository\n');
    expect((await render()).ok).toBe(true);
    expect((await ws.snapshotEnvironments()).get('staging/cluster/flux-system/gotk-sync.yaml')).toBe('kind: GitRepository\n');
    expect((await render(true)).ok).toBe(true);
  });

  it('refuses a bad workload.yaml with file, line and field, leaving every file as it was', async () => {
    await render(false, { cloud: false });
    const before = await ws.snapshotEnvironments();
    const good = await ws.read('apps/demo-api/workload.yaml');
    await ws.write('apps/demo-api/workload.yaml', good.replace('port: 8080', 'port: 80'));
    const result = await render(false, { cloud: false });
    await ws.write('apps/demo-api/workload.yaml', good);
    expect(result.ok).toBe(false);
    expect(result.err).toContain('Render failed; nothing was written');
    expect(result.err).toMatch(/apps\/demo-api\/workload\.yaml:6:7: port: .*1024/);
    expect(await ws.snapshotEnvironments()).toEqual(before);
  });

  it('refuses bad stack config naming the file and key, leaving every file as it was', async () => {
    const before = await ws.snapshotEnvironments();
    const good = await ws.read(stackFilePath('staging'));
    const bad = good.replace('ingressReplicas: 1', 'ingressReplicas: many').replace('acmeServer: staging', 'acmeServer: staging\n    colour: blue').replace(/^config:$/m, 'config:\n  workloads:environment: staging');
    await ws.write(stackFilePath('staging'), bad);
    const result = await render(false, { cloud: false });
    await ws.write(stackFilePath('staging'), good);
    expect(result.ok).toBe(false);
    // file:line:column of each value, then the key as written in the file.
    const at = (needle: string) => {
      const lines = bad.split('\n');
      const line = lines.findIndex((l) => l.includes(needle));
      return `platform/workloads/Pulumi.staging.yaml:${line + 1}:${lines[line]!.indexOf(needle) + 1}`;
    };
    expect(result.err).toContain(`${at('many')}: workloads:platform.ingressReplicas: `);
    expect(result.err).toContain(`${at('colour')}: workloads:cluster.colour: unknown field "colour"`);
    // The environment is the stack's name; a key naming it again is refused.
    expect(result.err).toMatch(/Pulumi\.staging\.yaml:\d+:\d+: workloads:environment: unknown key/);
    expect(await ws.snapshotEnvironments()).toEqual(before);
  });

  it('refuses a release pin of :latest and a pin for an app that does not exist', async () => {
    const good = await ws.read(stackFilePath('staging'));
    await ws.write(stackFilePath('staging'), good.replace('"tag":"sha-0123456789ab"', '"tag":"latest"').replace('"demo-spark":', '"demo-sparky":'));
    const result = await render(false, { cloud: false });
    await ws.write(stackFilePath('staging'), good);
    expect(result.ok).toBe(false);
    expect(result.err).toMatch(/never deploy :latest|no app "demo-sparky"/);
  });
});

describe('replaceEnvironments', () => {
  it('leaves every environment byte-for-byte intact when a write fails part-way', async () => {
    await render();
    const before = await ws.snapshotEnvironments();
    const good = new Map([['apps/kustomization.yaml', 'resources: []\n']]);
    // "x" is a file and a folder at once: writing the second environment fails after the first is staged.
    const broken = new Map([
      ['x', 'file\n'],
      ['x/y.yaml', 'nested\n'],
    ]);
    await expect(replaceEnvironments(join(ws.dir, 'environments'), [
      { env: 'staging', files: good },
      { env: 'lab', files: broken },
    ])).rejects.toThrow();
    expect(await ws.snapshotEnvironments()).toEqual(before);
    expect((await readdir(join(ws.dir, 'environments'))).sort()).toEqual(['cloud', 'lab', 'staging']);
  });
});
