import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTempWorkspace, type TempWorkspace } from '../support/temp-workspace.js';

// Each case adds one forbidden import in a temp copy and runs the real lint target through nx.
let ws: TempWorkspace;
beforeAll(async () => {
  ws = await createTempWorkspace();
  // A customer-scoped lib, so the cross-customer case has something to import.
  await ws.write('libs/acme-features/project.json', JSON.stringify({ name: 'acme-features', projectType: 'library', tags: ['type:lib', 'scope:acme'], targets: { lint: {} } }));
  await ws.write('libs/acme-features/src/index.ts', 'export const churnFeatures = ["tenure"];\n');
  const tsconfig = JSON.parse(await ws.read('tsconfig.base.json'));
  tsconfig.compilerOptions.paths['@workbench/acme-features'] = ['libs/acme-features/src/index.ts'];
  await ws.write('tsconfig.base.json', JSON.stringify(tsconfig, null, 2));
  await ws.commit('add acme-features');
});
afterAll(() => ws.dispose());

async function lintWith(project: string, file: string, code: string) {
  await ws.write(file, code);
  const result = await ws.attempt(`${ws.dir}/node_modules/.bin/nx`, ['run', `${project}:lint`, '--skip-nx-cache', '--outputStyle=static']);
  await ws.run('git', ['checkout', '-q', '--', '.']);
  await ws.run('git', ['clean', '-qfd', 'apps', 'libs']);
  return result;
}

describe('module boundaries', () => {
  it('the unchanged workspace lints clean', async () => {
    const result = await ws.attempt(`${ws.dir}/node_modules/.bin/nx`, ['run', 'globex-sales-etl:lint', '--skip-nx-cache']);
    expect(result.exitCode, result.output).toBe(0);
  });

  it("fails when one customer's app imports another customer's code", async () => {
    const result = await lintWith('globex-sales-etl', 'apps/globex-sales-etl/src/leak.ts', "import { churnFeatures } from '@workbench/acme-features';\nexport const f = churnFeatures;\n");
    expect(result.exitCode).not.toBe(0);
    expect(result.output).toMatch(/tagged with "scope:globex" can only depend on libs tagged with "scope:globex", "scope:shared"/);
  });

  // Apps publish no entry point, so the only way to reach into one is a path into its folder.
  it('fails when an app imports another app', async () => {
    const result = await lintWith('acme-churn-retrain', 'apps/acme-churn-retrain/src/leak.ts', "import { ChurnModel } from '../../acme-churn-api/src/churn-model.js';\nexport const m = ChurnModel;\n");
    expect(result.exitCode).not.toBe(0);
    expect(result.output).toMatch(/Projects cannot be imported by a relative or absolute path/);
  });

  it('fails when a lib imports an app', async () => {
    const result = await lintWith('data-sdk', 'libs/data-sdk/src/leak.ts', "import { runSalesEtl } from '../../../apps/globex-sales-etl/src/etl.js';\nexport const r = runSalesEtl;\n");
    expect(result.exitCode).not.toBe(0);
    expect(result.output).toMatch(/Projects cannot be imported by a relative or absolute path/);
  });
});
