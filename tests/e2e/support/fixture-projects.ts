import { join } from 'node:path';
import { parseDocument } from 'yaml';
import type { TempWorkspace } from './temp-workspace.js';
import { stackFilePath } from '@workbench/stack-config';

/** A library and the apps that import it, added by the real generators under the test's own names. */
export interface FixtureProjects {
  customer: string;
  lib: string;
  /** Every app generated, by kind; each imports `lib` and is pinned in staging by the generator. */
  apps: Record<'service' | 'job', string>;
  /** The commit that has them all. */
  commit: string;
}

/**
 * Builds the workspace a test needs instead of leaning on the sample apps: `nx g library` and
 * `nx g customer-app` (a service and a job of one new customer, with `--skip-follow-ups`: projen
 * and the staging render run once for both), each app importing the library, rendered and
 * committed. The names carry a random id, so any number of other apps and libs in the
 * repository changes nothing a test expects of these.
 */
export async function addFixtureProjects(ws: TempWorkspace, prefix: string): Promise<FixtureProjects> {
  const id = Math.random().toString(36).slice(2, 7);
  const customer = `${prefix}${id}`;
  const lib = `${customer}-contracts`;
  const apps = { service: `${customer}-api`, job: `${customer}-batch` };
  const nx = (args: string[]) => ws.run(join(ws.dir, 'node_modules/.bin/nx'), args);
  await nx(['g', '@workbench/nx-plugin:library', lib, '--description', 'Contracts the fixture apps share', '--skip-install', '--no-interactive']);
  for (const [kind, app] of Object.entries(apps)) {
    const host = kind === 'service' ? ['--host', `${app}.example.com`] : [];
    await nx(['g', '@workbench/nx-plugin:customer-app', app, '--customer', customer, '--kind', kind, ...host, '--skip-install', '--skip-follow-ups', '--no-interactive']);
    const main = `apps/${app}/src/main.ts`;
    await ws.write(main, `import '@workbench/${lib}';\n${await ws.read(main)}`);
  }
  // What each `nx g` would run after writing, once for both apps.
  await ws.run(join(ws.dir, 'node_modules/.bin/projen'), []);
  await ws.run(join(ws.dir, 'node_modules/.bin/workbench'), ['render', '--env', 'staging']);
  const commit = await ws.commit(`add ${lib}, ${apps.service} and ${apps.job}`);
  return { customer, lib, apps, commit };
}

/** Pins `app` in production at its staging version, as a merged promotion would, and renders it. */
export async function pinInProductionAsInStaging(ws: TempWorkspace, app: string): Promise<void> {
  const staging = parseDocument(await ws.read(stackFilePath('staging')));
  const production = parseDocument(await ws.read(stackFilePath('production')));
  production.setIn(['config', 'workloads:releases', app], staging.getIn(['config', 'workloads:releases', app]));
  await ws.write(stackFilePath('production'), production.toString());
  await ws.run(join(ws.dir, 'node_modules/.bin/workbench'), ['render', '--env', 'production']);
}
