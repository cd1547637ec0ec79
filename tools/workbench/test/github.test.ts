import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterEach, describe, expect, it } from 'vitest';
import { upsertComment } from '../src/ci/comment.js';
import { createGitHubClient, retryWaitFromEnvironment } from '../src/adapters/github.js';
import { pushShas } from '../src/ci/shas.js';
import { GitHubApiServer, type Handler } from './support/github-api-server.js';

const COMMENTS = 'GET /repos/{owner}/{repo}/issues/{issue_number}/comments';
const CREATE = 'POST /repos/{owner}/{repo}/issues/{issue_number}/comments';
const UPDATE = 'PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}';
const RUNS = 'GET /repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs';

let server: GitHubApiServer | undefined;
afterEach(() => server?.stop());

async function start(handlers: Record<string, Handler>) {
  server = new GitHubApiServer(handlers);
  const baseUrl = await server.start();
  return createGitHubClient({ baseUrl, token: 'test-token', retryAfterMs: 10, log: () => undefined });
}

/** A fake issue's comments, with the create/update endpoints acting on them. */
function commentStore(initial: { id: number; body: string }[] = []) {
  const comments = initial.map((c) => ({ ...c, html_url: `https://github.test/c/${c.id}` }));
  const handlers: Record<string, Handler> = {
    [COMMENTS]: ({ query }) => {
      const page = Number(query.page ?? 1);
      const perPage = Number(query.per_page ?? 30);
      const slice = comments.slice((page - 1) * perPage, page * perPage);
      const last = Math.ceil(comments.length / perPage);
      const link = page < last ? { link: `<${server!.baseUrl}/repos/o/r/issues/7/comments?per_page=${perPage}&page=${page + 1}>; rel="next"` } : undefined;
      return { status: 200, body: slice, ...(link ? { headers: link } : {}) };
    },
    [CREATE]: ({ body }) => {
      const comment = { id: 1000 + comments.length, body: (body as { body: string }).body, html_url: `https://github.test/c/${1000 + comments.length}` };
      comments.push(comment);
      return { status: 201, body: comment };
    },
    [UPDATE]: ({ path, body }) => {
      const id = Number(path.split('/').pop());
      const comment = comments.find((c) => c.id === id)!;
      comment.body = (body as { body: string }).body;
      return { status: 200, body: comment };
    },
  };
  return { comments, handlers };
}

const target = { owner: 'workbench', repo: 'workbench', issueNumber: 7 };
const MARKER = '<!-- workbench:pr-report -->';

describe('the local GitHub API server', () => {
  it('refuses what GitHub does not document', async () => {
    await start({});
    const base = server!.baseUrl;
    expect((await fetch(`${base}/repos/o/r/nonsense`)).status).toBe(400);
    expect((await fetch(`${base}/repos/o/r/issues/7/comments`, { method: 'PUT' })).status).toBe(400);
    expect((await fetch(`${base}/repos/o/r/issues/7/comments`, { method: 'POST', body: JSON.stringify({ text: 'x' }) })).status).toBe(400);
    expect((await fetch(`${base}/repos/o/r/issues/7/comments?colour=blue`)).status).toBe(400);
    expect(server!.violations).toEqual([
      'undocumented path /repos/o/r/nonsense',
      'undocumented method PUT for /repos/{owner}/{repo}/issues/{issue_number}/comments',
      'missing required body field "body" for POST /repos/{owner}/{repo}/issues/{issue_number}/comments',
      'unknown query parameter "colour" for GET /repos/{owner}/{repo}/issues/{issue_number}/comments',
    ]);
  });
});

describe('upsertComment', () => {
  it('creates the comment once, then updates it in place, across pages of other comments', async () => {
    const others = Array.from({ length: 120 }, (_, i) => ({ id: i + 1, body: `comment ${i}` }));
    const store = commentStore(others);
    const github = await start(store.handlers);
    const first = await upsertComment(github, target, `${MARKER}\nfirst`, MARKER);
    expect(first.action).toBe('created');
    const second = await upsertComment(github, target, `${MARKER}\nsecond`, MARKER);
    expect(second).toMatchObject({ action: 'updated', id: first.id });
    const third = await upsertComment(github, target, `${MARKER}\nsecond`, MARKER);
    expect(third.action).toBe('unchanged');
    expect(store.comments.filter((c) => c.body.includes(MARKER))).toEqual([expect.objectContaining({ body: `${MARKER}\nsecond` })]);
    expect(server!.requests.filter((r) => r.method !== 'GET').map((r) => r.method)).toEqual(['POST', 'PATCH']);
    expect(server!.violations).toEqual([]);
  });

  it('retries server errors and succeeds', async () => {
    const store = commentStore();
    let failures = 2;
    const github = await start({
      ...store.handlers,
      [COMMENTS]: (request) => (failures-- > 0 ? { status: 502, body: { message: 'Bad Gateway' } } : store.handlers[COMMENTS]!(request)),
    });
    expect((await upsertComment(github, target, `${MARKER}\nx`, MARKER)).action).toBe('created');
    expect(server!.requests.filter((r) => r.method === 'GET')).toHaveLength(3);
  });

  it('waits out a secondary rate limit and retries', async () => {
    const store = commentStore();
    let limited = true;
    const github = await start({
      ...store.handlers,
      [CREATE]: (request) => {
        if (!limited) return store.handlers[CREATE]!(request);
        limited = false;
        return { status: 403, headers: { 'retry-after': '1' }, body: { message: 'You have exceeded a secondary rate limit' } };
      },
    });
    expect((await upsertComment(github, target, `${MARKER}\ny`, MARKER)).action).toBe('created');
    expect(server!.requests.filter((r) => r.method === 'POST')).toHaveLength(2);
  });

  it('gives up with an error when the API keeps failing', async () => {
    const github = await start({ [COMMENTS]: () => ({ status: 500, body: { message: 'Internal Server Error' } }) });
    await expect(upsertComment(github, target, `${MARKER}\nz`, MARKER)).rejects.toThrow(/Internal Server Error/);
  });
});

describe('pushShas', () => {
  async function repoWithHistory() {
    const dir = await mkdtemp(join(tmpdir(), 'workbench-shas-'));
    const git = (...args: string[]) => execa('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd: dir });
    await git('init', '-q', '-b', 'main');
    const shas: string[] = [];
    for (const n of [1, 2, 3]) {
      await git('commit', '-q', '--allow-empty', '-m', `c${n}`);
      shas.push(String((await git('rev-parse', 'HEAD')).stdout));
    }
    return { dir, shas };
  }

  it('uses the last successful release run whose commit still exists, skipping a vanished one', async () => {
    const { dir, shas } = await repoWithHistory();
    const gone = 'f'.repeat(40);
    const github = await start({
      [RUNS]: () => ({ status: 200, body: { total_count: 2, workflow_runs: [{ id: 2, run_number: 12, head_sha: gone }, { id: 1, run_number: 11, head_sha: shas[0] }] } }),
    });
    const range = await pushShas({ repoRoot: dir, github, owner: 'o', repo: 'r', workflow: 'release.yml', branch: 'main' });
    expect(range).toMatchObject({ base: shas[0], head: shas[2], tag: `sha-${shas[2]!.slice(0, 12)}` });
    expect(range.reason).toContain('last successful release.yml run #11 on main (skipped 1 run(s) whose commit is gone: #12 ffffffffffff)');
    expect(server!.requests[0]!.query).toMatchObject({ branch: 'main', status: 'success', event: 'push' });
    expect(server!.violations).toEqual([]);
    await rm(dir, { recursive: true, force: true });
  });

  it('falls back to HEAD~1 and says so when no run qualifies', async () => {
    const { dir, shas } = await repoWithHistory();
    const github = await start({ [RUNS]: () => ({ status: 200, body: { total_count: 0, workflow_runs: [] } }) });
    const range = await pushShas({ repoRoot: dir, github, owner: 'o', repo: 'r', workflow: 'release.yml', branch: 'main' });
    expect(range.base).toBe(shas[1]);
    expect(range.reason).toBe('no successful release.yml run on main; falling back to HEAD~1, the previous commit');
    await rm(dir, { recursive: true, force: true });
  });
});

describe('the wait before a retry', () => {
  it('is GitHub\'s usual second unless WORKBENCH_GITHUB_RETRY_MS names a whole number of milliseconds', () => {
    expect(retryWaitFromEnvironment({})).toBe(1000);
    expect(retryWaitFromEnvironment({ WORKBENCH_GITHUB_RETRY_MS: '250' })).toBe(250);
    expect(retryWaitFromEnvironment({ WORKBENCH_GITHUB_RETRY_MS: '0' })).toBe(0);
    for (const bad of ['', 'soon', '-5', '1.5']) expect(retryWaitFromEnvironment({ WORKBENCH_GITHUB_RETRY_MS: bad })).toBe(1000);
  });
});
