import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { toManifests } from '../src/engine/manifests.js';
import { runProgramInWorker } from '../src/engine/run-in-worker.js';

const fixtures = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');

/** Runs a fixture program in its own process and returns every problem and the manifests. */
async function render(fixture: string) {
  const result = await runProgramInWorker({
    programFile: join(fixtures, `${fixture}.ts`),
    programRoot: fixtures,
    project: 'fixture',
    stack: 'test',
    config: {},
  });
  const { objects, problems } = toManifests(result.resources);
  return { objects, problems: [...result.problems, ...problems] };
}

const at = (fixture: string, line: number) => expect.stringMatching(new RegExp(`tools/workbench/test/fixtures/${fixture}\\.ts:${line}:\\d+$`));

describe('the embedded engine', () => {
  it('renders a valid program: every object with its resolved inputs and where it was declared', async () => {
    const { objects, problems } = await render('valid');
    expect(problems).toEqual([]);
    expect(objects.map((o) => `${o.manifest.kind}/${o.manifest.metadata.name}`)).toEqual(['Namespace/demo', 'ConfigMap/settings']);
    expect(objects[1]).toMatchObject({ layer: 'apps', manifest: { metadata: { namespace: 'demo' }, data: { mode: 'fast' } }, source: at('valid', 6) });
  });

  it('names the program line of a resource declared deep inside code that is not the program’s', async () => {
    const { objects, problems } = await render('deep-declaration');
    expect(problems).toEqual([]);
    expect(objects[0]).toMatchObject({ manifest: { metadata: { name: 'deep' } }, source: at('deep-declaration', 6) });
  });

  it('refuses values only a live provider could compute, naming the field and the line', async () => {
    const { objects, problems } = await render('unknown-value');
    expect(problems).toEqual([
      { resource: 'kubernetes:core/v1:ConfigMap "uses-uid"', source: at('unknown-value', 6), message: expect.stringContaining('data.uid') },
    ]);
    expect(objects.map((o) => o.manifest.metadata.name)).toEqual(['demo']);
  });

  it('turns an error inside apply into a failure instead of a missing manifest', async () => {
    const { problems } = await render('apply-error');
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.map((p) => p.message).join('\n')).toContain('cannot derive a name from demo');
    expect(problems.some((p) => p.resource === 'kubernetes:core/v1:ConfigMap "derived"' && p.source?.match(/apply-error\.ts:9:/))).toBe(true);
  });

  it('refuses helpers that need the provider plugin', async () => {
    const { problems } = await render('plugin-helper');
    expect(problems).toEqual([
      expect.objectContaining({ resource: 'kubernetes:helm.sh/v4:Chart "nginx"', source: at('plugin-helper', 5), message: expect.stringContaining('HelmRelease') }),
    ]);
  });

  it('refuses functions (invokes) that run inside the plugin', async () => {
    const { problems } = await render('invoke');
    expect(problems.map((p) => p.message).join('\n')).toMatch(/kubernetes:yaml:decode needs the provider plugin/);
  });

  it('reports an unhandled rejection with the program line', async () => {
    const { problems } = await render('unhandled-rejection');
    expect(problems).toEqual([{ source: at('unhandled-rejection', 6), message: 'unhandled error in the program: lookup of the cluster version failed' }]);
  });

  it('refuses an object without an explicit name', async () => {
    const { problems } = await render('no-name');
    expect(problems).toEqual([expect.objectContaining({ resource: 'kubernetes:core/v1:ConfigMap "anonymous"', source: at('no-name', 5), message: expect.stringContaining('metadata.name') })]);
  });

  it('refuses a Secret with data and any secret value', async () => {
    const secret = await render('secret-with-data');
    expect(secret.problems).toEqual([expect.objectContaining({ resource: 'kubernetes:core/v1:Secret "db"', message: expect.stringContaining('ExternalSecret') })]);
    const value = await render('secret-value');
    expect(value.problems).toEqual([expect.objectContaining({ resource: 'kubernetes:core/v1:ConfigMap "leaky"', message: expect.stringContaining('data') })]);
  });

  it('refuses a program that leaves a timer to declare resources later', async () => {
    const { problems } = await render('late-timer');
    expect(problems).toEqual([expect.objectContaining({ message: expect.stringContaining('timer(s) running') })]);
  });

  it('refuses an object outside any layer', async () => {
    const { problems } = await render('outside-layer');
    expect(problems).toEqual([expect.objectContaining({ resource: 'kubernetes:core/v1:Namespace "ns"', message: expect.stringContaining('Layer') })]);
  });
});
