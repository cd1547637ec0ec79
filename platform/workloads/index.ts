// The Workbench environments program: one stack per environment (Pulumi.<env>.yaml).
// Layers mirror how Flux applies an environment: cluster → infrastructure/controllers →
// infrastructure/configs → apps. Run it with `npx workbench render` (or `pulumi up`, see README).
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as pulumi from '@pulumi/pulumi';
import { imageReference, lakeLocation, MODEL_RELEASE_ENVIRONMENT, parseStackConfig, PLATFORM_SECRET_SCOPE, readCloudSharedConfig, retrainingQueueName, secretPrefix, sqsQueueUrl, StackConfigError, stackFilePath } from '@workbench/stack-config';
import { MODEL_PIN_ENV } from '@workbench/platform-contract';
import { type EnvironmentName, InputError, isLakeLocation, modelArtifactsPrefix, readAppWorkloads, registeredModelName, reservedNameReason, resolvedProblems, resolveForEnvironment } from '@workbench/workload-spec';
import { prometheusRule } from '../components/app-alerts.js';
import { MAX_TRIGGERED_APP_NAME } from '../components/retraining.js';
import { AppWorkload } from '../components/app-workload.js';
import { standardLabels } from '../components/labels.js';
import { platformRuleGroup } from '../operations/platform-alert-rules.js';
import { customerDashboard, environmentDashboard } from '../operations/dashboards.js';
import { grafanaDashboard } from '../components/grafana-dashboard.js';
import { ClusterConfigs } from '../components/cluster-configs.js';
import { declareCustomerAlerting } from '../components/customer-alerting.js';
import { CONTAINER_MAX, CustomerNamespace } from '../components/customer-namespace.js';
import { fluxKustomization } from '../components/flux-kustomization.js';
import { HelmService } from '../components/helm-service.js';
import { LabBranches } from '../components/lab-branches.js';
import { SERVICE_PORT } from '../components/service-workload.js';
import { Layer } from '../components/layer.js';
import { platformSecret } from '../components/platform-secret.js';
import { declareSpotCapacity } from '../components/spot-capacity.js';
import { capacityProblems } from './customer-capacity.js';
import { declareLabs } from './labs.js';
import { platformServices } from './platform-services.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
// The stack is the environment (Pulumi.<env>.yaml); parseStackConfig refuses any other stack.
const config = parseStackConfig(pulumi.runtime.allConfig(), pulumi.getStack());
const env = pulumi.getStack() as EnvironmentName;
const workloads = readAppWorkloads(repoRoot);
// The prefix of the cloud's globally unique names (buckets), shared by every stack of both programs.
const { organization, accountId, github } = readCloudSharedConfig(repoRoot);
// Alerts link the runbook pages generated into docs/runbooks/ on the release branch.
const runbooks = { baseUrl: `https://github.com/${github.repository}/blob/${github.releaseBranch}/` };

const knownApps = new Set(workloads.map((w) => w.app));
const stackFile = stackFilePath(env);
const unknownPins = [...Object.keys(config.releases), ...Object.keys(config.overrides), ...Object.keys(config.reruns)].filter((app) => !knownApps.has(app));
if (unknownPins.length > 0) {
  throw new StackConfigError(
    stackFile,
    [...new Set(unknownPins)].map((app) => `config workloads:releases/overrides/reruns.${app}: no app "${app}" in apps/ (known: ${[...knownApps].join(', ')})`),
  );
}

// Flux applies each layer only after the previous one is ready.
const cluster = new Layer('cluster');
const layerPath = (folder: string) => `./environments/${env}/${folder}`;
fluxKustomization(
  { name: 'infrastructure-controllers', path: layerPath('infrastructure/controllers'), wait: true, interval: '1h', timeout: '10m' },
  { parent: cluster },
);
fluxKustomization(
  { name: 'infrastructure-configs', path: layerPath('infrastructure/configs'), dependsOn: ['infrastructure-controllers'], wait: true, interval: '1h', timeout: '5m' },
  { parent: cluster },
);
fluxKustomization(
  { name: 'apps', path: layerPath('apps'), dependsOn: ['infrastructure-configs'], wait: true, interval: '10m', timeout: '5m' },
  { parent: cluster },
);

const controllers = new Layer('infrastructure/controllers');
const services = platformServices(config, { organization, env });
for (const service of services) new HelmService(service, { parent: controllers });

// The platform services' own secrets (MLflow's database), and the namespaces whose
// ExternalSecrets may read the platform's store: flux-system (the lab cluster's GitHub token) and
// those services'. Every customer has a store of its own, and lab namespaces none at all.
const platformSecrets = services.flatMap((service) => (service.secrets ?? []).map((secret) => ({ ...secret, namespace: service.namespace ?? service.name })));
const PLATFORM_SECRET_NAMESPACES = [...new Set(['flux-system', ...platformSecrets.map((secret) => secret.namespace)])];

const configs = new Layer('infrastructure/configs');
new ClusterConfigs(
  {
    acmeEmail: config.cluster.acmeEmail,
    acmeServer: config.cluster.acmeServer,
    ingressClass: config.cluster.ingressClass,
    clusterIssuer: config.cluster.clusterIssuer,
    secretStore: config.cluster.secretStore,
    awsRegion: config.cluster.awsRegion,
    domain: config.domain,
    secretPrefix: secretPrefix(env, PLATFORM_SECRET_SCOPE),
    secretNamespaces: PLATFORM_SECRET_NAMESPACES,
  },
  { parent: configs },
);
for (const secret of platformSecrets) platformSecret({ ...secret, secretStore: config.cluster.secretStore }, { parent: configs });
prometheusRule('workbench-platform', 'monitoring', standardLabels({ component: 'alerts' }), [platformRuleGroup(env, runbooks)], { parent: configs });
declareSpotCapacity({ env, clusterName: config.cluster.name, cpuLimit: config.platform.spotCpuLimit }, { parent: configs });

if (config.labs) {
  new LabBranches(
    { repository: config.labs.repository, secretStore: config.cluster.secretStore, dependsOn: 'infrastructure-configs' },
    { parent: configs },
  );
}

// An app runs in an environment only when the stack pins a release for it.
const apps = new Layer('apps');
const deployed = workloads.filter(({ app }) => config.releases[app]);
// `lake://raw/orders/` in an app's env is this environment's bucket (the names the cloud program creates).
const locate = (vars: Record<string, string> | undefined) =>
  vars && Object.fromEntries(Object.entries(vars).map(([name, value]) => [name, isLakeLocation(value) ? lakeLocation(organization, env, value) : value]));
const resolvedApps = deployed.map(({ app, workload }) => {
  const resolved = resolveForEnvironment(workload, env, config.overrides[app]);
  const pinned = resolved.kind === 'service' && resolved.model ? modelPinEnv(app, resolved.customer, resolved.model, resolved.env) : {};
  const vars = { ...resolved.env, ...pinned };
  return { app, workload: { ...resolved, ...(Object.keys(vars).length ? { env: locate(vars) } : {}) } };
});
const resolvedProblemLines = resolvedApps.flatMap(({ app, workload }) =>
  resolvedProblems(workload).map((problem) => `workloads:overrides.${app} applied to apps/${app}/workload.yaml: ${problem}; fix the override`),
);
if (resolvedProblemLines.length) throw new StackConfigError(stackFile, resolvedProblemLines);
const customers = [...new Set(deployed.map(({ workload }) => workload.customer))].sort();
checkCustomers();
checkRetraining();
const namespaces = new Map(
  customers.map((customer) => [
    customer,
    new CustomerNamespace(
      {
        customer,
        quota: config.customerQuotas[customer] ?? config.quota,
        secretStore: { name: config.cluster.secretStore, region: config.cluster.awsRegion, prefix: secretPrefix(env, customer) },
      },
      { parent: apps },
    ),
  ]),
);

for (const customer of customers) {
  const owners = resolvedApps.filter(({ workload }) => workload.customer === customer).map(({ workload }) => workload.owner);
  declareCustomerAlerting({ customer, owners, alerting: config.alerting, secretStore: config.cluster.secretStore }, { parent: apps, dependsOn: [namespaces.get(customer)!] });
  const customerApps = resolvedApps.filter(({ workload }) => workload.customer === customer).map(({ app }) => app);
  grafanaDashboard(
    { name: 'customer.overview', namespace: customer, folder: customer, labels: standardLabels({ customer, component: 'dashboard' }), dashboard: customerDashboard(customer, env, customerApps) },
    { parent: apps, dependsOn: [namespaces.get(customer)!] },
  );
}
grafanaDashboard(
  { name: 'workbench-overview', namespace: 'monitoring', folder: 'Workbench', labels: standardLabels({ component: 'dashboard' }), dashboard: environmentDashboard(env, customers) },
  { parent: configs },
);

const servicePorts = Object.fromEntries(
  resolvedApps.flatMap(({ app, workload }) => (workload.kind === 'service' ? [[`${app}.${workload.customer}:${SERVICE_PORT}`, workload.port]] : [])),
);
for (const { app, workload } of resolvedApps) {
  const pin = config.releases[app]!;
  new AppWorkload(
    {
      app,
      customer: workload.customer,
      namespace: workload.customer,
      image: imageReference(pin),
      version: pin.tag,
      workload,
      ...(config.reruns[app] ? { rerun: config.reruns[app] } : {}),
      cluster: {
        environment: env,
        runbooks,
        ingressClass: config.cluster.ingressClass,
        ingressNamespace: 'ingress-nginx',
        monitoringNamespace: 'monitoring',
        clusterIssuer: config.cluster.clusterIssuer,
        secretStore: config.cluster.secretStore,
        apiServerCidrs: config.cluster.apiServerCidrs,
        servicePorts,
        appServiceNamespaces: services.filter((service) => service.servesApps).map((service) => service.namespace ?? service.name),
        lakeLocation: (uri) => lakeLocation(organization, env, uri),
        awsRegion: config.cluster.awsRegion,
        retrainingQueueUrl: (app) => sqsQueueUrl({ accountId, region: config.cluster.awsRegion }, retrainingQueueName(env, app)),
      },
    },
    { parent: apps, dependsOn: [namespaces.get(workload.customer)!] },
  );
}

/**
 * Checked again here, against the namespaces this program really declares: a customer that is a
 * platform namespace would put that namespace under default-deny; and apps that need more than
 * their namespace allows would render and then be refused pod by pod by the cluster.
 */
function checkCustomers(): void {
  const platformNamespaces = new Set([...services.map((s) => s.namespace ?? s.name), ...PLATFORM_SECRET_NAMESPACES]);
  const problems: string[] = [];
  for (const customer of customers) {
    const files = deployed.filter(({ workload }) => workload.customer === customer).map(({ app }) => `apps/${app}/workload.yaml`);
    const reserved = platformNamespaces.has(customer) ? `"${customer}" is a platform namespace; choose another name` : reservedNameReason(customer);
    if (reserved) problems.push(`${files.join(', ')}: customer: ${reserved}`);
    const quota = config.customerQuotas[customer] ?? config.quota;
    const source = config.customerQuotas[customer] ? `workloads:customerQuotas.${customer}` : `workloads:quota (or add workloads:customerQuotas.${customer})`;
    const own = resolvedApps.filter((a) => a.workload.customer === customer);
    problems.push(...capacityProblems(customer, own, { ...quota, containerMax: CONTAINER_MAX }, `${source} in ${stackFile}`));
  }
  if (problems.length > 0) throw new InputError(`the customers cannot run as declared:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
}

/**
 * A serving app loads the model version pinned here (`workloads:models.<customer>-<model>`):
 * where the artifact is (in the lake models are released into), its hash and its version, as
 * variables the ml-sdk loader reads. Without a pin the app serves the model its image carries.
 */
function modelPinEnv(app: string, customer: string, model: string, vars: Record<string, string> | undefined): Record<string, string> {
  const name = registeredModelName(customer, model);
  const pin = config.models[name];
  if (!pin) return {};
  const folder = modelArtifactsPrefix(customer, model);
  if (!pin.artifact.startsWith(folder)) {
    throw new InputError(`${stackFile}: workloads:models.${name}.artifact: ${pin.artifact} is outside ${folder}, the only folder ${app} (customer ${customer}) loads ${model} from`);
  }
  const taken = Object.values(MODEL_PIN_ENV).filter((variable) => vars?.[variable] !== undefined);
  if (taken.length) throw new InputError(`apps/${app}/workload.yaml: env: ${taken.join(', ')} are set by the model pin (workloads:models.${name} in ${stackFile}); remove them from env`);
  const uri = lakeLocation(organization, MODEL_RELEASE_ENVIRONMENT, pin.artifact);
  return { [MODEL_PIN_ENV.uri]: uri, [MODEL_PIN_ENV.sha256]: pin.sha256, [MODEL_PIN_ENV.version]: pin.version, [MODEL_PIN_ENV.registeredAt]: pin.registeredAt };
}

/** A drift trigger watches a serving app of its own customer: a service declared in apps/. */
function checkRetraining(): void {
  const problems: string[] = [];
  for (const { app, workload } of resolvedApps) {
    const retraining = workload.kind === 'cron' ? workload.retraining : undefined;
    for (const trigger of ['drift', 'newData'] as const) {
      const limit = MAX_TRIGGERED_APP_NAME[trigger];
      if (retraining?.[trigger] && app.length > limit) {
        problems.push(`apps/${app}/workload.yaml: retraining.${trigger}: the app's name has ${app.length} characters; KEDA names each run it starts <app>-${trigger === 'drift' ? 'drift' : 'new-data'}-<5 characters>, which must fit 63: rename the app to at most ${limit} characters, or leave out this trigger`);
      }
    }
    const serving = retraining?.drift?.app;
    if (!serving) continue;
    const target = workloads.find((w) => w.app === serving)?.workload;
    const where = `apps/${app}/workload.yaml: retraining.drift.app`;
    if (!target) problems.push(`${where}: no app "${serving}" in apps/; name the service that serves the model`);
    else if (target.kind !== 'service') problems.push(`${where}: ${serving} is a ${target.kind}; drift is measured by the service that serves the model`);
    else if (target.customer !== workload.customer) problems.push(`${where}: ${serving} belongs to customer ${target.customer}, not ${workload.customer}; a customer's retraining watches its own service`);
  }
  if (problems.length > 0) throw new InputError(problems.join('\n'));
}

export const labs = config.labs ? declareLabs(repoRoot, config, config.labs, { accountId, organization, env }) : [];
export const deployedApps = deployed.map(({ app }) => app);
export const stack = pulumi.getStack();
