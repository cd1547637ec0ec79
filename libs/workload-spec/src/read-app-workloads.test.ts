import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readAppWorkloads } from './read-app-workloads.ts';

const spec = (kind: string) => `apiVersion: workbench.dev/v1\nkind: ${kind}\ncustomer: c\nowner: t\ndescription: d\nresources: { cpu: 100m, memory: 64Mi }\n${kind === 'service' ? 'port: 8080\n' : ''}`;

describe('readAppWorkloads', () => {
  it('reads every app with a workload.yaml, sorted, and names the file of a bad one', async () => {
    const root = await mkdtemp(join(tmpdir(), 'apps-'));
    for (const [app, text] of [['zeta', spec('job')], ['alpha', spec('service')]]) {
      await mkdir(join(root, 'apps', app!), { recursive: true });
      await writeFile(join(root, 'apps', app!, 'workload.yaml'), text!);
    }
    await mkdir(join(root, 'apps', 'no-spec'), { recursive: true });
    expect(readAppWorkloads(root).map((a) => [a.app, a.workload.kind])).toEqual([
      ['alpha', 'service'],
      ['zeta', 'job'],
    ]);
    await writeFile(join(root, 'apps', 'zeta', 'workload.yaml'), spec('daemon'));
    expect(() => readAppWorkloads(root)).toThrow('apps/zeta/workload.yaml:2:7: kind');
    expect(readAppWorkloads(join(root, 'missing'))).toEqual([]);
  });
});
