import { join } from 'node:path';
import { execSync } from 'node:child_process';
import { runSideBySide, shown } from '../../follow-ups.ts';
import { generateFiles, getProjects, logger, type GeneratorCallback, type Tree } from '@nx/devkit';
import { cloudStackFilePath, imageRepository, parseCloudSharedConfig, PLACEHOLDER_COMMIT, PLACEHOLDER_TAG, SHARED_STACK, setReleasePins, stackFilePath } from '@workbench/stack-config';
import { DNS_NAME, registeredModelName } from '@workbench/workload-spec';
import { checkName, NameError } from '../../names.ts';
import { askForMissing, type FieldChecks, isInteractive, type Prompter, terminalPrompter } from './ask-missing.ts';
import type { AppKind, CustomerAppSchema } from './schema.ts';

const KINDS: AppKind[] = ['service', 'job', 'cron', 'spark-job'];

/** The longest app name that still fits every object name it becomes, per kind. */
export const MAX_NAME_LENGTH: Record<AppKind, number> = {
  service: 55, // "<name>-ingress" NetworkPolicy ≤ 63
  job: 46, // "<name>-sha-<12>" Job ≤ 63
  cron: 52, // CronJob names leave 11 characters for the Jobs they create
  'spark-job': 40, // spark-operator adds driver and executor suffixes
};
const OWNER = /^@?[A-Za-z0-9][-A-Za-z0-9_./]*$/;
export const STAGING_STACK = stackFilePath('staging');
/** Where the cloud program's shared stack says images live: the app's ECR repository is named after it. */
export const SHARED_CLOUD_STACK = cloudStackFilePath(SHARED_STACK);

/** Each field's check, shared by the flags and the interactive prompts (see ask-missing.ts). */
export function fieldChecks(tree: Tree): FieldChecks {
  return {
    kind(value) {
      if (!KINDS.includes(value as AppKind)) throw new NameError(`kind "${value}" is not one of ${KINDS.join(', ')}`);
      return value as AppKind;
    },
    name(value, kind) {
      checkName('app name', value, MAX_NAME_LENGTH[kind]);
      if (tree.exists(`apps/${value}`) || tree.exists(`libs/${value}`) || getProjects(tree).has(value)) {
        throw new NameError(`"${value}" already exists as an app, lib or Nx project; choose another name`);
      }
    },
    customer(value) {
      checkName('customer', value, 30);
    },
    owner(value, customer) {
      if (!OWNER.test(value)) throw new NameError(`owner "${value}" is not a team handle such as "${customer}-data-science" or "@org/team"`);
    },
    host(value, kind) {
      if (kind !== 'service') throw new NameError(`--host is for services only; a ${kind} does not serve traffic`);
      if (!DNS_NAME.test(value)) throw new NameError(`host "${value}" is not a lowercase DNS name such as "churn.acme.example.com"`);
    },
  };
}

/** Everything the templates need, checked before anything is written. */
export function normalise(tree: Tree, options: CustomerAppSchema) {
  const checks = fieldChecks(tree);
  const kind = checks.kind(options.kind);
  checks.name(options.name, kind);
  checks.customer(options.customer);
  const { name, customer } = options;
  const owner = options.owner ?? `${customer}-team`;
  checks.owner(owner, customer);
  if (options.host) checks.host(options.host, kind);
  if (options.model !== undefined) {
    if (kind !== 'service') throw new NameError(`--model is for services only: a ${kind} does not serve a model (a training app declares retraining: in its workload.yaml)`);
    checkName('model', options.model, 63 - customer.length - 1);
  }
  const model = options.model ?? '';
  return {
    name,
    customer,
    customerTitle: customer.charAt(0).toUpperCase() + customer.slice(1),
    kind,
    owner,
    host: options.host ?? '',
    model,
    registeredModel: model ? registeredModelName(customer, model) : '',
    description: `${kind === 'service' ? (model ? `Serves the ${model} model` : 'HTTP API') : kind === 'spark-job' ? 'Spark job' : kind === 'cron' ? 'Scheduled data-quality check' : 'Batch job'} for ${customer}`,
  };
}

/**
 * `nx g @workbench/nx-plugin:customer-app <name> --customer <c> --kind <k>`: the app's code,
 * tests, Dockerfile, workload.yaml and README (the portal's catalog reads them), and a placeholder release pin in
 * staging. Afterwards it links the workspace and re-runs what depends on the new app: projen
 * (CODEOWNERS, Dependabot) and the staging render.
 */
export default async function customerAppGenerator(
  tree: Tree,
  given: Partial<CustomerAppSchema>,
  prompter: Prompter | undefined = isInteractive() ? terminalPrompter : undefined,
): Promise<GeneratorCallback> {
  const options = await askForMissing(given, fieldChecks(tree), prompter);
  const vars = normalise(tree, options);
  const target = `apps/${vars.name}`;
  generateFiles(tree, join(import.meta.dirname, 'files', 'common'), target, vars);
  // A service that serves a model gets the model-serving template instead of the plain one.
  generateFiles(tree, join(import.meta.dirname, 'files', vars.model ? 'model-service' : vars.kind), target, vars);
  if (vars.kind !== 'spark-job') generateFiles(tree, join(import.meta.dirname, 'files', 'node'), target, vars);

  // Staging runs every app; production only after a deliberate promotion.
  if (tree.exists(STAGING_STACK)) {
    if (!tree.exists(SHARED_CLOUD_STACK)) throw new NameError(`${SHARED_CLOUD_STACK} is missing: it names the image registry the new app's staging pin points at`);
    const shared = parseCloudSharedConfig(tree.read(SHARED_CLOUD_STACK, 'utf8')!);
    const pinned = setReleasePins(tree.read(STAGING_STACK, 'utf8')!, {
      [vars.name]: { image: imageRepository(shared, vars.name), tag: PLACEHOLDER_TAG, commit: PLACEHOLDER_COMMIT },
    });
    tree.write(STAGING_STACK, pinned);
  }
  // projen (CODEOWNERS, Dependabot) and the staging render write different files: side by side.
  const followUps = options.skipFollowUps
    ? []
    : [
        { bin: 'projen', args: [] },
        { bin: 'workbench', args: ['render', '--env', 'staging'] },
      ];
  const install = options.skipInstall ? [] : ['npm install --no-audit --no-fund'];
  const after = [...install, ...followUps.map(shown)];
  if (after.length) logger.info(`After writing, the generator runs: ${after.join(', ')}`);

  return async () => {
    for (const command of install) {
      logger.info(`> ${command}`);
      execSync(command, { cwd: tree.root, stdio: 'inherit', env: { ...process.env, NX_DAEMON: 'false' } });
    }
    if (followUps.length) await runSideBySide(tree.root, followUps);
    logger.info(nextSteps(vars.name));
  };
}

/** What to do after the generator, printed last so it is what the user sees. */
export function nextSteps(name: string): string {
  return [
    '',
    `Next steps for ${name}:`,
    `  1. npx nx run-many -t lint typecheck test build -p ${name}     # what its pull request runs`,
    `  2. edit apps/${name}/src and apps/${name}/workload.yaml; npx workbench render --env staging`,
    `  3. git add -A && git commit -m "Add ${name}", push, open a pull request; merging releases it to staging`,
    `  4. npx workbench promote staging production --app ${name}          # when staging looks right`,
  ].join('\n');
}
