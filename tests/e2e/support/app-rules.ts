import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readWorkload, type WorkloadKind } from '@workbench/workload-spec';
import { APP_USER, SPARK_USER } from '../../../platform/components/run-as.js';

/** The USER line each kind's Dockerfile must have: the user the render runs its containers as. */
const USER_LINE: Record<WorkloadKind, RegExp> = {
  service: new RegExp(`^USER ${APP_USER}:${APP_USER}$`, 'm'),
  job: new RegExp(`^USER ${APP_USER}:${APP_USER}$`, 'm'),
  cron: new RegExp(`^USER ${APP_USER}:${APP_USER}$`, 'm'),
  'spark-job': new RegExp(`^USER ${SPARK_USER}(:${SPARK_USER})?$`, 'm'),
};

/**
 * What every app in `<root>/apps` must be, whoever wrote it (a person or the generator): tagged
 * type:app with one customer scope that matches its workload.yaml; a valid workload.yaml; a
 * multi-stage Dockerfile with pinned base images (Node images on the .nvmrc major) that runs as
 * the user the render runs its kind as. Returns every violation, each naming the app.
 */
export async function appRuleViolations(root: string): Promise<string[]> {
  const violations: string[] = [];
  const nodeMajor = (await readFile(join(root, '.nvmrc'), 'utf8')).trim();
  for (const app of (await readdir(join(root, 'apps'))).sort()) {
    const dir = join(root, 'apps', app);
    const project = await readFile(join(dir, 'project.json'), 'utf8').catch(() => undefined);
    if (!project) continue;
    const tags = (JSON.parse(project) as { tags?: string[] }).tags ?? [];
    const scopes = tags.filter((t) => t.startsWith('scope:') && t !== 'scope:shared');
    if (!tags.includes('type:app')) violations.push(`apps/${app}: no type:app tag`);
    if (scopes.length !== 1) violations.push(`apps/${app}: expected one customer scope tag, found ${scopes.join(', ') || 'none'}`);
    let kind: WorkloadKind | undefined;
    try {
      const workload = await readWorkload(join(dir, 'workload.yaml'), app);
      kind = workload.kind;
      if (scopes[0] !== `scope:${workload.customer}`) violations.push(`apps/${app}: scope tag ${scopes[0]} does not match customer ${workload.customer}`);
    } catch (error) {
      violations.push(`apps/${app}: ${(error as Error).message}`);
    }
    const dockerfile = await readFile(join(dir, 'Dockerfile'), 'utf8').catch(() => '');
    if (!dockerfile) {
      violations.push(`apps/${app}: no Dockerfile`);
      continue;
    }
    if (/^FROM \S+:(latest|\d+)(\s|$)/m.test(dockerfile)) violations.push(`apps/${app}: a base image is not pinned to an exact release`);
    const nodeImages = [...dockerfile.matchAll(/^FROM node:(\d+)\S*/gm)];
    for (const [image, major] of nodeImages) {
      if (major !== nodeMajor) violations.push(`apps/${app}: ${image} is not the Node ${nodeMajor} the repository builds and tests on (.nvmrc)`);
    }
    if ((dockerfile.match(/^FROM /gm)?.length ?? 0) < 2) violations.push(`apps/${app}: the Dockerfile is not multi-stage`);
    if (kind && !USER_LINE[kind].test(dockerfile)) violations.push(`apps/${app}: a ${kind} image must run as ${USER_LINE[kind].source.replace(/[\^$]/g, '')}, as the render runs it`);
  }
  return violations;
}
