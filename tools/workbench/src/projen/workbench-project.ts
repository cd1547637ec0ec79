import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { github, type IgnoreFile, LogLevel, Project, TextFile, YamlFile } from 'projen';
import { ProjenrcTs, TypeScriptRunner } from 'projen/lib/typescript/index.js';
import { readAppWorkloads } from '@workbench/workload-spec';
import { codeOwnersLines } from './codeowners.js';
import { addInfraWorkflow } from './infra-workflow.js';
import { addLabReaperWorkflow, addLabWorkflow } from './lab-workflows.js';
import { addMainWorkflow } from './main-workflow.js';
import { addModelReleaseWorkflow } from './model-release-workflow.js';
import { addPortalWorkflow } from './portal-workflow.js';
import { addPromoteWorkflow } from './promote-workflow.js';
import { addPullRequestWorkflow } from './pr-workflow.js';
import { addReleaseWorkflow } from './release-workflow.js';
import { annotateVersions } from './workflow-steps.js';

export interface WorkbenchProjectOptions {
  /** Where the inputs (each app's workload.yaml) are read from. */
  repoRoot: string;
  /** Where files are written; the repository root, or a temp dir for drift checks and tests. */
  outdir: string;
  /** Print nothing while synthesizing. */
  quiet?: boolean;
}

export const ORGANISATION = 'workbench';
export const PLATFORM_TEAM = 'platform-team';

// projen deletes every file that contains its generated-file marker when it has no file list
// yet, so the marker is assembled here rather than written out in this source file.
const GENERATED_MARKER = ['~~ Generated', 'by projen'].join(' ');

/** Everything projen generates for the repository: workflows, CODEOWNERS, templates, ignores. */
export function createWorkbenchProject(options: WorkbenchProjectOptions): Project {
  const project = new Project({
    name: 'workbench',
    outdir: options.outdir,
    commitGenerated: true,
    ...(options.quiet ? { logging: { level: LogLevel.OFF } } : {}),
  });
  new ProjenrcTs(project, { runner: TypeScriptRunner.tsx() });
  // tsx is installed (a dev dependency): load it directly rather than through `npx -y -p tsx`,
  // which spends about 3 s having npm look for a package that is already there.
  project.defaultTask?.reset('node --import tsx .projenrc.ts');
  ignoreBuildOutputs(project.gitignore);
  const apps = readAppWorkloads(options.repoRoot);

  const gh = new github.GitHub(project, { mergify: false, pullRequestLint: false, workflows: true });
  // Scheduled promotion is opt-in: set a cron expression here, e.g. '0 7 * * 1-4'.
  const promoteSchedule: string | undefined = undefined;
  addPullRequestWorkflow(gh);
  addMainWorkflow(gh);
  addReleaseWorkflow(gh);
  addPromoteWorkflow(gh, promoteSchedule ? { schedule: promoteSchedule } : {});
  addLabWorkflow(gh);
  addLabReaperWorkflow(gh, { schedule: '17 * * * *' });
  addInfraWorkflow(gh);
  addModelReleaseWorkflow(gh, { schedule: '40 * * * *' });
  addPortalWorkflow(gh);

  new TextFile(project, '.github/CODEOWNERS', {
    lines: [
      `# ${GENERATED_MARKER} from each app's workload.yaml. To modify, change the owner there or .projenrc.ts, and run "npx projen".`,
      ...codeOwnersLines({ apps, organisation: ORGANISATION, platformTeam: PLATFORM_TEAM }),
    ],
  });

  new github.PullRequestTemplate(gh, {
    lines: [
      '## What and why',
      '',
      '<!-- What changes for users of the affected apps or environments, and why. -->',
      '',
      '## Checklist',
      '',
      '- [ ] Tests cover the change (CI runs only the affected projects)',
      '- [ ] `npx workbench render` was run if inputs of environments changed; the bot comment shows the manifest diff',
      '- [ ] No secret values: secrets are referenced by name in workload.yaml',
      '- [ ] Docs (app README, workload.yaml comments) are current',
    ],
  });

  new YamlFile(project, '.github/dependabot.yml', {
    obj: {
      version: 2,
      updates: [
        {
          'package-ecosystem': 'npm',
          directory: '/',
          schedule: { interval: 'weekly' },
          'open-pull-requests-limit': 10,
          groups: { nx: { patterns: ['nx', '@nx/*'] }, pulumi: { patterns: ['@pulumi/*'] } },
        },
        { 'package-ecosystem': 'github-actions', directory: '/', schedule: { interval: 'weekly' } },
        // Base images in each app's Dockerfile.
        ...apps.map(({ app }) => ({ 'package-ecosystem': 'docker', directory: `/apps/${app}`, schedule: { interval: 'weekly' } })),
      ],
    },
  });
  return project;
}

function ignoreBuildOutputs(gitignore: IgnoreFile): void {
  // .env holds Nx settings for everyone (committed); personal values and secrets go in the local ones.
  gitignore.exclude('node_modules/', 'dist/', '.nx/', 'coverage/', '*.tsbuildinfo', '.ci/results.json', 'environments/.*', 'pr-report.md', '.env.local', '.local.env');
}

/** Synthesizes, then writes each workflow's pinned action versions as comments. */
export function synthWorkbenchProject(options: WorkbenchProjectOptions): Project {
  const project = createWorkbenchProject(options);
  project.synth();
  for (const file of project.files) {
    if (!file.path.startsWith('.github/workflows/')) continue;
    // projen writes generated files read-only; this post-step rewrites them in place.
    const path = join(project.outdir, file.path);
    chmodSync(path, 0o644);
    writeFileSync(path, annotateVersions(readFileSync(path, 'utf8')));
    chmodSync(path, 0o444);
  }
  return project;
}
