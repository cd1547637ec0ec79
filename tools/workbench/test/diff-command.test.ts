import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diffCommand } from '../src/commands/diff.js';
import { renderCommand } from '../src/commands/render.js';
import { createRenderWorkspace, type RenderWorkspace, WORKLOADS } from './support/render-workspace.js';

let ws: RenderWorkspace;
const git = (args: string[]) => execa('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd: ws.dir });

beforeAll(async () => {
  ws = await createRenderWorkspace();
  await renderCommand({ repoRoot: ws.dir, environments: ['staging'], check: false, quiet: true, out: () => undefined });
  await git(['init', '-q', '-b', 'main']);
  await git(['add', '-A']);
  await git(['commit', '-qm', 'rendered']);
});
afterAll(() => ws.dispose());

async function diff(format: 'terminal' | 'markdown' = 'terminal', base = 'HEAD') {
  let text = '';
  const errors: string[] = [];
  const result = await diffCommand({ repoRoot: ws.dir, environments: ['staging'], base, format, out: (t) => (text += t), err: (l) => errors.push(l) });
  return { ...result, text, errors: errors.join('\n') };
}

describe('workbench diff', () => {
  it('reports no changes when the working tree renders what is committed', async () => {
    const result = await diff();
    expect(result.diffs).toEqual([
      { env: 'staging', changes: [] },
      { env: 'cloud/shared', changes: [], callouts: [] },
      { env: 'cloud/staging', changes: [], callouts: [] },
    ]);
    expect(result.text).toContain('environments/staging vs HEAD: no changes');
    expect(result.text).toContain('environments/cloud/staging vs HEAD: no changes');
    expect(result.text).not.toContain('IAM and network changes');
  });

  it('shows changed, added and removed objects with a line diff', async () => {
    await ws.write('apps/demo-api/workload.yaml', WORKLOADS['demo-api']!.replace('cpu: 250m', 'cpu: 300m'));
    await ws.write('apps/demo-backfill/workload.yaml', WORKLOADS['demo-backfill']!.replace('egress: [{ cidr: 10.20.0.0/16, ports: [5432] }]\n', 'secrets: [{ name: backfill-db, env: DATABASE_URL, remoteKey: initech/demo-backfill/db }]\n'));
    const result = await diff();
    const changes = result.diffs[0]!.changes.map((c) => `${c.change} ${c.object}`);
    expect(changes).toContain('changed Deployment initech/demo-api');
    expect(changes).toContain('added ExternalSecret initech/backfill-db');
    expect(changes).toContain('removed NetworkPolicy initech/demo-backfill-egress');
    expect(result.text).toMatch(/-\s+cpu: 250m\n\s+\+\s+cpu: 300m/);
    expect(result.text).toMatch(/environments\/staging vs HEAD: 1 added, \d+ changed, 1 removed/);
    // The new secret reference is a permission of the app's cloud role too, called out before any manifest.
    const callout = /! role staging-app-demo-backfill gains secretsmanager:GetSecretValue on arn:aws:secretsmanager:[a-z0-9-]+:\d{12}:secret:workbench\/staging\/initech\/demo-backfill\/db-\?{6}/;
    expect(result.text).toMatch(callout);
    expect(result.text.search(callout)).toBeLessThan(result.text.indexOf('environments/staging vs HEAD'));
    expect(result.diffs.find((d) => d.env === 'cloud/staging')!.changes.map((c) => `${c.change} ${c.object}`)).toEqual(['added aws:iam/rolePolicy:RolePolicy staging-app-demo-backfill-policy']);
  });

  it('writes Markdown for pull-request comments, each object folded', async () => {
    const { text } = await diff('markdown');
    expect(text).toContain('| staging | 1 |');
    expect(text).toContain('<details><summary><code>~ Deployment initech/demo-api</code> (changed)</summary>');
    expect(text).toContain('```diff');
    expect(text).toContain('**⚠️ IAM and network changes in `cloud/staging`:**');
    await git(['checkout', '--', 'apps']);
  });

  it('refuses an unknown revision with a clear message', async () => {
    await expect(diff('terminal', 'no-such-branch')).rejects.toThrow('unknown git revision "no-such-branch"');
  });
});
