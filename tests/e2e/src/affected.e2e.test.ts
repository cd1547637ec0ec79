import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTempWorkspace, type TempWorkspace } from '../support/temp-workspace.js';

// Each case commits one change on a branch off main and asks the real `nx` what it affects.
let ws: TempWorkspace;
beforeAll(async () => {
  ws = await createTempWorkspace();
});
afterAll(() => ws.dispose());

async function affectedBy(branch: string, change: () => Promise<void>): Promise<string[]> {
  await ws.run('git', ['checkout', '-q', '-B', branch, 'main']);
  await change();
  await ws.commit(`change on ${branch}`);
  const out = await ws.nx(['show', 'projects', '--affected', '--base=main', '--head=HEAD', '--json']);
  return (JSON.parse(out) as string[]).sort();
}

const append = (path: string, text: string) => async () => ws.write(path, (await ws.read(path)) + text);

describe('nx affected', () => {
  it('a change to one lib affects that lib and its dependents only', async () => {
    const affected = await affectedBy('lib-change', append('libs/data-sdk/src/contract.ts', '\n// tweak\n'));
    expect(affected).toEqual(['acme-churn-retrain', 'data-sdk', 'globex-sales-etl']);
  });

  it('a change to one app affects only that app, and `nx affected -t test` runs only its tests', async () => {
    const affected = await affectedBy('app-change', append('apps/globex-sales-etl/src/aggregate.ts', '\n// tweak\n'));
    expect(affected).toEqual(['globex-sales-etl']);
    const out = await ws.nx(['affected', '-t', 'test', '--base=main', '--head=HEAD', '--outputStyle=static']);
    expect(out).toContain('nx run globex-sales-etl:test');
    expect(out).not.toMatch(/nx run (?!globex-sales-etl)[\w-]+:test/);
  });

  it('a lockfile change to one dependency affects only the projects that use it', async () => {
    const affected = await affectedBy('lockfile-change', async () => {
      const lock = JSON.parse(await ws.read('package-lock.json'));
      const entry = lock.packages['node_modules/csv-parse'];
      expect(entry, 'csv-parse must be in the lockfile for this case').toBeDefined();
      entry.version = `${entry.version}-patched`;
      await ws.write('package-lock.json', JSON.stringify(lock, null, 2) + '\n');
    });
    // Only data-sdk imports csv-parse; its dependents follow. ml-sdk and the churn API do not.
    expect(affected).toEqual(['acme-churn-retrain', 'data-sdk', 'globex-sales-etl']);
  });

  it('changes under environments/ and .github/ affect no project', async () => {
    const affected = await affectedBy('output-change', async () => {
      await ws.write('environments/staging/README.md', 'rendered output\n');
      await ws.write('.github/workflows/example.yml', 'name: example\n');
    });
    expect(affected).toEqual([]);
  });
});
