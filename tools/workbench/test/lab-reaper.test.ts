import { readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createGitHubClient } from '../src/adapters/github.js';
import { formatReapReport, reapExpiredLabs } from '../src/labs/reaper.js';
import { GitHubApiServer, type Handler } from './support/github-api-server.js';
import { REPO_ROOT } from './support/render-workspace.js';

const spec = (expires: string) => `template: python-notebook
participants: 2
dataset: sample:retail-sales
starts: 2026-11-01T09:00:00Z
expires: ${expires}
`;

// The repository's lab branches and the spec each one carries.
let branches: Map<string, string | undefined>;
const NOW = new Date('2026-11-22T12:00:00Z');

const handlers: Record<string, Handler> = {
  'GET /repos/{owner}/{repo}/git/matching-refs/{ref}': ({ path }) => {
    const prefix = decodeURIComponent(path.split('/matching-refs/')[1]!);
    const refs = [...branches.keys()].map((b) => `refs/heads/${b}`).filter((ref) => ref.startsWith(`refs/${prefix}`));
    return { status: 200, body: refs.map((ref) => ({ ref, node_id: 'n', url: 'u', object: { type: 'commit', sha: 'a'.repeat(40), url: 'u' } })) };
  },
  'GET /repos/{owner}/{repo}/contents/{path}': ({ path, query }) => {
    const file = decodeURIComponent(path.split('/contents/')[1]!);
    const text = branches.get(String(query.ref));
    if (text === undefined || file !== `platform/labs/${String(query.ref).slice(4)}.yaml`) return { status: 404, body: { message: 'Not Found' } };
    return { status: 200, body: { type: 'file', encoding: 'base64', size: text.length, name: file.split('/').pop(), path: file, content: Buffer.from(text).toString('base64'), sha: 'b'.repeat(40) } };
  },
  'DELETE /repos/{owner}/{repo}/git/refs/{ref}': ({ path }) => {
    const branch = decodeURIComponent(path.split('/git/refs/')[1]!).replace(/^heads\//, '');
    branches.delete(branch);
    return { status: 204 };
  },
};

let server: GitHubApiServer;
beforeAll(async () => {
  server = new GitHubApiServer(handlers);
  await server.start();
});
afterAll(() => server.stop());
beforeEach(() => {
  server.requests.length = 0;
  branches = new Map([
    ['lab/spark-101', spec('2026-11-21T17:00:00Z')], // expired yesterday
    ['lab/py-intro', spec('2026-11-25T17:00:00Z')], // still running
    ['lab/no-spec', undefined], // a branch without its spec: not understood, so kept
    ['lab/garbled', 'template: [\n'], // unreadable spec: kept
  ]);
});

const github = () => createGitHubClient({ baseUrl: server.baseUrl, token: 't', retryAfterMs: 10, log: () => undefined });
const deletes = () => server.requests.filter((r) => r.method === 'DELETE').map((r) => decodeURIComponent(r.path.split('/git/refs/')[1]!));

describe('lab reaper', () => {
  it('dry run: reports the expired lab and deletes nothing', async () => {
    const results = await reapExpiredLabs({ github: github(), owner: 'workbench', repo: 'workbench', now: NOW, dryRun: true });
    expect(results.map((r) => [r.lab, r.action])).toEqual([
      ['spark-101', 'would delete'],
      ['py-intro', 'kept'],
      ['no-spec', 'skipped'],
      ['garbled', 'skipped'],
    ]);
    expect(deletes()).toEqual([]);
    expect(branches.size).toBe(4);
    // A missing spec is a 404: asked once, not retried like a server error.
    expect(server.requests.filter((r) => r.path.includes('no-spec')).length).toBe(1);
    expect(server.violations).toEqual([]);
    const report = formatReapReport(results, true, NOW);
    expect(report).toContain('(dry run: nothing deleted)');
    expect(report).toContain('| `spark-101` | 2026-11-21T17:00:00Z | would delete | expired at 2026-11-21T17:00:00Z |');
  });

  it('deletes only expired lab branches, keeping the ones it cannot read', async () => {
    const results = await reapExpiredLabs({ github: github(), owner: 'workbench', repo: 'workbench', now: NOW, dryRun: false });
    expect(deletes()).toEqual(['heads/lab/spark-101']);
    expect([...branches.keys()]).toEqual(['lab/py-intro', 'lab/no-spec', 'lab/garbled']);
    expect(results.find((r) => r.lab === 'no-spec')!.reason).toBe('no platform/labs/no-spec.yaml on the branch; fix or delete the branch by hand');
    expect(server.violations).toEqual([]);
  });

  it('runs as `workbench lab reap` in the workflow, writing the job summary', async () => {
    const summary = join(tmpdir(), `reap-summary-${process.pid}.md`);
    const env = { GITHUB_API_URL: server.baseUrl, GITHUB_TOKEN: 't', GITHUB_REPOSITORY: 'workbench/workbench', GITHUB_STEP_SUMMARY: summary, NO_COLOR: '1' };
    const result = await execa(join(REPO_ROOT, 'node_modules/.bin/workbench'), ['lab', 'reap', '--now', NOW.toISOString()], { cwd: REPO_ROOT, env, reject: false, all: true });
    expect(result.exitCode, String(result.all)).toBe(0);
    expect(result.stdout).toContain('| `spark-101` | 2026-11-21T17:00:00Z | deleted |');
    expect(deletes()).toEqual(['heads/lab/spark-101']);
    expect(await readFile(summary, 'utf8')).toContain('## Lab reaper');
    await rm(summary, { force: true });
  });
});
