import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REUSED } from '../../../tools/workbench/src/commands/validate.js';
import { COMMAND_ENV, createTempWorkspace, type TempWorkspace } from '../support/temp-workspace.js';

// The committed environments, checked with the real CLI and the real kustomize (kubectl 1.32).
let ws: TempWorkspace;
const workbench = (args: string[]) => ws.attempt(join(ws.dir, 'node_modules/.bin/workbench'), args);

beforeAll(async () => {
  ws = await createTempWorkspace();
});
afterAll(() => ws.dispose());

describe('committed environments', () => {
  it('are current: `workbench render --check` passes on the committed tree', async () => {
    const result = await workbench(['render', '--check']);
    expect(result.output).toMatch(/Checked 3 environment\(s\) \(staging, production, lab\): \d+ app\(s\), \d+ objects/);
    expect(result.exitCode).toBe(0);
  });

  it('are valid: `workbench validate` finds no error in any environment', async () => {
    const result = await workbench(['validate']);
    expect(result.output).toMatch(/Valid: 3 environment\(s\), \d+ files, \d+ objects; 4 cloud plan\(s\), \d+ resources; 0 error\(s\)/);
    expect(result.exitCode).toBe(0);
  });

  it('validated again unchanged, every environment and plan is answered from the validate cache with what a full validation prints', async () => {
    const cache = await mkdtemp(join(tmpdir(), 'workbench-validate-e2e-'));
    try {
      const validate = (...flags: string[]) => ws.run(join(ws.dir, 'node_modules/.bin/workbench'), ['validate', ...flags], { env: { ...COMMAND_ENV, WORKBENCH_VALIDATE_CACHE: cache } });
      // What a person reads: the findings under each heading, without the timing.
      const report = (output: string) => output.replace(/ in [\d.]+ s$/m, '').split('\n').filter((line) => line !== `  ${REUSED}`);
      const first = await validate();
      expect(first).not.toContain(REUSED);
      const again = await validate();
      expect(again.split('\n').filter((line) => line === `  ${REUSED}`)).toHaveLength(7); // 3 environments, 4 cloud plans
      const full = await validate('--no-cache');
      expect(full).not.toContain(REUSED);
      expect(report(again)).toEqual(report(full));
      expect(report(first)).toEqual(report(full));
    } finally {
      await rm(cache, { recursive: true, force: true });
    }
  });

  it('`workbench diff` against HEAD shows no change on the committed tree', async () => {
    const result = await workbench(['diff', '--exit-code']);
    expect(result.output).toContain('environments/production vs HEAD: no changes');
    expect(result.exitCode).toBe(0);
  });

  it('every layer folder builds with kubectl kustomize', async () => {
    for (const env of ['staging', 'production', 'lab']) {
      for (const layer of ['infrastructure/controllers', 'infrastructure/configs', 'apps']) {
        const result = await ws.attempt('kubectl', ['kustomize', `environments/${env}/${layer}`]);
        expect(result.exitCode, `${env}/${layer}: ${result.output}`).toBe(0);
      }
      expect((await readdir(join(ws.dir, 'environments', env, 'cluster'))).sort()).toEqual([
        'kustomization-apps.yaml',
        'kustomization-infrastructure-configs.yaml',
        'kustomization-infrastructure-controllers.yaml',
      ]);
    }
  });

  it('a hand edit makes --check fail, naming the file and the fix', async () => {
    const file = 'environments/production/apps/acme/deployment-acme-churn-api.yaml';
    await ws.write(file, (await ws.read(file)).replace('revisionHistoryLimit: 5', 'revisionHistoryLimit: 50'));
    const result = await workbench(['render', '--check', '--env', 'production']);
    expect(result.exitCode).toBe(1);
    expect(result.output).toContain(`${file}: differs from what the inputs render`);
    expect(result.output).toContain('Fix: run `npx workbench render`');
    await ws.run('git', ['checkout', '--', file]);
  });

  it('a cloud plan edited to break a policy fails validate, naming the policy, the resource and the fix', async () => {
    const file = 'environments/cloud/staging/inventory.yaml';
    const original = await ws.read(file);
    await ws.write(file, original.replace('blockPublicPolicy: true', 'blockPublicPolicy: false'));
    const result = await workbench(['validate', '--env', 'staging']);
    expect(result.exitCode).toBe(1);
    expect(result.output).toMatch(new RegExp(`error +${file} aws:s3/bucket:Bucket "[^"]+" \\[policy s3-no-public-bucket\\] bucket \\S+ does not block public access \\(blockPublicPolicy not true\\); fix:`));
    await ws.write(file, original);
  });
});

describe('workbench CLI', () => {
  it('has --help for the program and each command', async () => {
    const help = await workbench(['--help']);
    expect(help.exitCode).toBe(0);
    expect(help.output).toContain('render [options]');
    const renderHelp = await workbench(['render', '--help']);
    expect(renderHelp.output).toContain('--check');
    expect(renderHelp.output).toContain('--env <env...>');
    expect((await workbench(['validate', '--help'])).output).toContain('Usage: workbench validate [options]');
    expect((await workbench(['diff', '--help'])).output).toContain('--base <rev>');
  });

  it('refuses an unknown environment before doing anything', async () => {
    const result = await workbench(['render', '--env', 'prod']);
    expect(result.exitCode).toBe(2);
    expect(result.output).toContain('unknown environment "prod": expected one of staging, production, lab');
  });
});
