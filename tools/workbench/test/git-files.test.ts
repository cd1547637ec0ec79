import { mkdtemp, mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gitObjects, parseCatFileBatch } from '../src/adapters/git.js';
import { filesAtRevision } from '../src/diff/git-files.js';

// diff, promote and rerun compare a render with the environment's files at a revision. Those
// files are read through one `git cat-file --batch`: every byte must be what `git show` prints.

let dir: string;
const git = (...args: string[]) => execa('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd: dir, stripFinalNewline: false });

const FILES: Record<string, string> = {
  'environments/staging/apps/kustomization.yaml': 'resources:\n  - demo\n',
  'environments/staging/apps/demo/deployment.yaml': 'kind: Deployment\nmetadata:\n  name: démo — ünïcode 🚀\n',
  'environments/staging/no-final-newline.yaml': 'kind: ConfigMap',
  'environments/staging/empty.yaml': '',
  // Content that looks like the batch format's own header lines.
  'environments/staging/looks-like-a-header.yaml': '0123456789abcdef0123456789abcdef01234567 blob 12\n\n\nx\n',
  'environments/staging-other/not-this-env.yaml': 'kind: Secret\n',
};

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'workbench-git-files-'));
  await git('init', '-q', '-b', 'main');
  for (const [path, content] of Object.entries(FILES)) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), content);
  }
  await symlink('apps/kustomization.yaml', join(dir, 'environments/staging/linked.yaml'));
  await git('add', '-A');
  await git('commit', '-qm', 'environments');
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('files of an environment at a revision', () => {
  it('are every file under environments/<env>/ with exactly the bytes git show prints', async () => {
    const files = await filesAtRevision(dir, 'HEAD', 'staging');
    const expected = String((await git('ls-tree', '-r', '-z', '--name-only', 'HEAD', '--', 'environments/staging/')).stdout).split('\0').filter(Boolean);
    expect([...files.keys()].sort()).toEqual(expected.map((path) => path.slice('environments/staging/'.length)).sort());
    expect(files.size).toBe(6); // five files and the link, nothing of staging-other
    for (const path of expected) expect(files.get(path.slice('environments/staging/'.length))).toBe(String((await git('show', `HEAD:${path}`)).stdout));
    expect(files.get('apps/demo/deployment.yaml')).toBe(FILES['environments/staging/apps/demo/deployment.yaml']);
    expect(files.get('no-final-newline.yaml')).toBe('kind: ConfigMap');
    expect(files.get('empty.yaml')).toBe('');
  });

  it('are none at a revision without the folder', async () => {
    expect((await filesAtRevision(dir, 'HEAD', 'production')).size).toBe(0);
  });

  it('are read by name in one batch, a name that names nothing giving undefined in its place', async () => {
    const head = String((await git('rev-parse', 'HEAD')).stdout).trim();
    const [first, missing, last] = await gitObjects(dir, [`${head}:environments/staging/empty.yaml`, `${head}:environments/nowhere.yaml`, 'HEAD:environments/staging/no-final-newline.yaml']);
    expect([first, missing, last]).toEqual(['', undefined, 'kind: ConfigMap']);
    await expect(gitObjects(dir, ['HEAD:a\nb'])).rejects.toThrow(/line break/);
  });

  it('fail loudly on output that is not the batch format', () => {
    expect(() => parseCatFileBatch(Buffer.from('abc blob\n'))).toThrow(/where an object's header belongs/);
    expect(() => parseCatFileBatch(Buffer.from('no line end'))).toThrow(/where an object's header belongs/);
  });
});
