import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addFixtureProjects, type FixtureProjects } from '../support/fixture-projects.js';
import { createTempWorkspace, type TempWorkspace } from '../support/temp-workspace.js';

// Each case adds one forbidden import in a temp copy and runs the real lint target through nx.
// Two customers of the test's own (a service, a job and a lib each) and a customer-scoped lib.
let ws: TempWorkspace;
let a: FixtureProjects;
let b: FixtureProjects;
let aFeatures: string;
beforeAll(async () => {
  ws = await createTempWorkspace();
  a = await addFixtureProjects(ws, 'mba');
  b = await addFixtureProjects(ws, 'mbb');
  aFeatures = `${a.customer}-features`;
  await ws.write(`libs/${aFeatures}/project.json`, JSON.stringify({ name: aFeatures, projectType: 'library', tags: ['type:lib', `scope:${a.customer}`], targets: { lint: {} } }));
  await ws.write(`libs/${aFeatures}/package.json`, JSON.stringify({ name: `@workbench/${aFeatures}`, version: '0.1.0', private: true, type: 'module', main: './src/index.ts' }));
  await ws.write(`libs/${aFeatures}/src/index.ts`, 'export const churnFeatures = ["tenure"];\n');
  const tsconfig = JSON.parse(await ws.read('tsconfig.base.json'));
  tsconfig.compilerOptions.paths[`@workbench/${aFeatures}`] = [`libs/${aFeatures}/src/index.ts`];
  await ws.write('tsconfig.base.json', JSON.stringify(tsconfig, null, 2));
  await ws.commit(`add ${aFeatures}`);
});
afterAll(() => ws.dispose());

async function lintWith(project: string, file: string, code: string) {
  await ws.write(file, code);
  const result = await ws.attempt(`${ws.dir}/node_modules/.bin/nx`, ['run', `${project}:lint`, '--skip-nx-cache', '--outputStyle=static']);
  await ws.run('git', ['checkout', '-q', '--', '.']);
  await ws.run('git', ['clean', '-qfd', 'apps', 'libs']);
  return result;
}

const PACKAGE_RULE = /Apps are never imported, and a customer's code only by that customer's projects/;

describe('module boundaries', () => {
  it('the unchanged workspace lints clean, a customer using its own lib included', async () => {
    const result = await lintWith(a.apps.job, `apps/${a.apps.job}/src/own.ts`, `import { churnFeatures } from '@workbench/${aFeatures}';\nexport const f = churnFeatures;\n`);
    expect(result.exitCode, result.output).toBe(0);
  });

  it("fails when one customer's app imports another customer's lib", async () => {
    const result = await lintWith(b.apps.job, `apps/${b.apps.job}/src/leak.ts`, `import { churnFeatures } from '@workbench/${aFeatures}';\nexport const f = churnFeatures;\n`);
    expect(result.exitCode).not.toBe(0);
    expect(result.output).toContain(`tagged with "scope:${b.customer}" can only depend on libs tagged with "scope:${b.customer}", "scope:shared"`);
  });

  it("fails on every form of importing another customer's app: package name, deep path, relative path", async () => {
    const forms = [
      [`import '@workbench/${a.apps.service}';\n`, PACKAGE_RULE],
      [`import { createApp } from '@workbench/${a.apps.service}/src/app.js';\nexport const c = createApp;\n`, PACKAGE_RULE],
      [`import { createApp } from '../../${a.apps.service}/src/app.js';\nexport const c = createApp;\n`, /Projects cannot be imported by a relative or absolute path/],
    ] as const;
    for (const [code, rule] of forms) {
      const result = await lintWith(b.apps.job, `apps/${b.apps.job}/src/leak.ts`, code);
      expect(result.exitCode, code).not.toBe(0);
      expect(result.output, code).toMatch(rule);
    }
  });

  it("fails when an app imports its own customer's other app, or a lib imports an app, by name or path", async () => {
    const sameCustomer = await lintWith(a.apps.job, `apps/${a.apps.job}/src/leak.ts`, `import '@workbench/${a.apps.service}';\n`);
    expect(sameCustomer.exitCode).not.toBe(0);
    expect(sameCustomer.output).toMatch(PACKAGE_RULE);
    const libByName = await lintWith(a.lib, `libs/${a.lib}/src/leak.ts`, `import '@workbench/${b.apps.job}';\n`);
    expect(libByName.exitCode).not.toBe(0);
    expect(libByName.output).toMatch(PACKAGE_RULE);
    const libByPath = await lintWith(a.lib, `libs/${a.lib}/src/leak.ts`, `import '../../../apps/${b.apps.job}/src/main.js';\n`);
    expect(libByPath.exitCode).not.toBe(0);
    expect(libByPath.output).toMatch(/Projects cannot be imported by a relative or absolute path/);
  });
});
