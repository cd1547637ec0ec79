import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderCommand } from '../src/commands/render.js';
import type { RenderedEnvironment } from '../src/render/render-environment.js';
import { validateEnvironment, type EnvironmentValidation } from '../src/validate/validate-environment.js';
import { createRenderWorkspace, type RenderWorkspace } from './support/render-workspace.js';

type Doc = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

// One lab per template, each with a different kind of dataset and participant list.
const LABS: Record<string, string> = {
  'spark-101': `template: spark-notebook
participants: [alice, bob]
dataset: sample:retail-sales
starts: 2026-11-23T09:00:00Z
expires: 2026-11-27T17:00:00Z
`,
  'py-intro': `template: python-notebook
participants: 3
resources: { cpu: 500m, memory: 1Gi }
dataset: https://data.example.com/open/taxi.csv
starts: 2026-11-23T09:00:00Z
expires: 2026-11-24T17:00:00+01:00
idleCulling: { after: 30m }
`,
  'ml-day': `template: ml-workshop
participants: [team-a]
dataset: s3://workbench-lab-raw/labs/ml-day/
starts: 2026-11-23T09:00:00Z
expires: 2026-11-25T17:00:00Z
idleCulling: false
`,
};

// A lab branch carries one lab, so each lab renders in a workspace of its own; together they
// make one lab environment. The labs are rendered as of a fixed time, before any expires.
const NOW = '2026-11-23T10:00:00Z';
let workspaces: RenderWorkspace[];
let lab: RenderedEnvironment;
let validation: { findings: EnvironmentValidation['findings'] };
const doc = (path: string): Doc => {
  const content = lab.files.get(path);
  if (!content) throw new Error(`${path} was not rendered; rendered: ${[...lab.files.keys()].filter((p) => p.startsWith(path.split('/')[0]!)).join(', ')}`);
  return parse(content) as Doc;
};
const labFiles = (name: string) => [...lab.files.keys()].filter((path) => path.startsWith(`${name}/`) && !path.endsWith('kustomization.yaml'));

beforeAll(async () => {
  process.env.WORKBENCH_NOW = NOW;
  workspaces = await Promise.all(
    Object.entries(LABS).map(async ([name, spec]) => {
      const ws = await createRenderWorkspace();
      await ws.write(`platform/labs/${name}.yaml`, spec);
      return ws;
    }),
  );
  const rendered = await Promise.all(
    workspaces.map(async (ws) => {
      const summary = await renderCommand({ repoRoot: ws.dir, environments: ['lab'], check: false, quiet: true, out: () => {}, err: (line) => console.error(line) });
      return { rendered: summary.rendered[0]!, validation: await validateEnvironment(ws.dir, 'lab') };
    }),
  );
  lab = {
    ...rendered[0]!.rendered,
    problems: rendered.flatMap((r) => r.rendered.problems),
    files: new Map(rendered.flatMap((r) => [...r.rendered.files])),
  };
  validation = { findings: rendered.flatMap((r) => r.validation.findings) };
});
afterAll(async () => {
  delete process.env.WORKBENCH_NOW;
  await Promise.all(workspaces.map((ws) => ws.dispose()));
});

describe('rendering labs', () => {
  it('renders every lab spec into environments/lab/<lab>/, one folder per participant namespace', () => {
    expect(lab.problems).toEqual([]);
    expect(doc('spark-101/kustomization.yaml').resources).toEqual(['lab-spark-101-alice', 'lab-spark-101-bob']);
    expect(doc('py-intro/kustomization.yaml').resources).toEqual(['lab-py-intro-p01', 'lab-py-intro-p02', 'lab-py-intro-p03']);
    expect(doc('ml-day/kustomization.yaml').resources).toEqual(['lab-ml-day-team-a']);
  });

  it('workbench validate passes on the rendered labs (schemas, kustomize, policies)', () => {
    expect(validation.findings.filter((f) => f.severity === 'error')).toEqual([]);
    // Only the platform charts' namespaces warn; every lab namespace has its default-deny.
    expect(validation.findings.filter((f) => f.file.includes('/lab-'))).toEqual([]);
  });

  it('isolates each participant: restricted namespace, quota, limit range, default-deny', () => {
    const ns = 'spark-101/lab-spark-101-alice';
    expect(doc(`${ns}/namespace-lab-spark-101-alice.yaml`).metadata.labels).toMatchObject({
      'pod-security.kubernetes.io/enforce': 'restricted',
      'workbench.dev/lab': 'spark-101',
      'workbench.dev/participant': 'alice',
      'workbench.dev/lab-expires': '20261127T170000Z',
    });
    // The workspace (2 CPU, 4Gi) plus room for the seed job that runs beside it.
    expect(doc(`${ns}/resourcequota-compute.yaml`).spec.hard).toEqual({
      'limits.cpu': '2250m',
      'limits.memory': '4352Mi',
      'requests.cpu': '2250m',
      'requests.memory': '4352Mi',
      'requests.storage': '10Gi',
      persistentvolumeclaims: '1',
      pods: '4',
      'services.loadbalancers': '0',
      'services.nodeports': '0',
    });
    expect(doc(`${ns}/limitrange-container-defaults.yaml`).spec.limits[0].max).toEqual({ cpu: '2', memory: '4Gi' });
    expect(doc(`${ns}/networkpolicy-default-deny.yaml`).spec).toEqual({ podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
    // In: only the ingress controller, only to JupyterLab. Out: DNS and the internet, never a
    // private address (other participants, staging or production, cloud metadata).
    expect(doc(`${ns}/networkpolicy-allow-ingress-controller.yaml`).spec.ingress).toEqual([
      { from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } } }], ports: [{ port: 8888, protocol: 'TCP' }] },
    ]);
    const egress = doc(`${ns}/networkpolicy-allow-internet-egress.yaml`).spec.egress;
    expect(egress[0].to).toEqual([{ ipBlock: { cidr: '0.0.0.0/0', except: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10', '169.254.0.0/16'] } }]);
    const allows = labFiles('spark-101').filter((p) => p.includes('/networkpolicy-')).map((p) => doc(p).spec);
    expect(allows.flatMap((spec) => spec.ingress ?? []).flatMap((rule: Doc) => rule.from)).toEqual([
      { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } } },
      { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } } },
    ]);
  });

  it('labels every object with the lab and its expiry, but keeps the expiry out of pod templates', () => {
    for (const name of Object.keys(LABS)) {
      for (const path of labFiles(name)) {
        expect(doc(path).metadata.labels, path).toMatchObject({ 'workbench.dev/lab': name, 'workbench.dev/lab-expires': expect.stringMatching(/^\d{8}T\d{6}Z$/) });
      }
    }
    expect(doc('py-intro/lab-py-intro-p01/deployment-workspace.yaml').metadata.labels['workbench.dev/lab-expires']).toBe('20261124T160000Z');
    expect(doc('py-intro/lab-py-intro-p01/deployment-workspace.yaml').spec.template.metadata.labels['workbench.dev/lab-expires']).toBeUndefined();
  });

  it('generates each token in the cluster: no Secret in git, JupyterLab reads it from the generated one', () => {
    expect([...lab.files.keys()].filter((p) => p.includes('/secret-'))).toEqual([]);
    const ns = 'ml-day/lab-ml-day-team-a';
    expect(doc(`${ns}/externalsecret-workspace-token.yaml`).spec).toEqual({
      dataFrom: [{ sourceRef: { generatorRef: { apiVersion: 'generators.external-secrets.io/v1alpha1', kind: 'Password', name: 'workspace-token' } } }],
      refreshInterval: '0',
      target: { creationPolicy: 'Owner', name: 'workspace-token' },
    });
    const env = doc(`${ns}/deployment-workspace.yaml`).spec.template.spec.containers[0].env;
    expect(env).toContainEqual({ name: 'JUPYTER_TOKEN', valueFrom: { secretKeyRef: { key: 'password', name: 'workspace-token' } } });
  });

  it('spark-notebook: PySpark image sized to the participant, sample dataset seeded from a ConfigMap', () => {
    const ns = 'spark-101/lab-spark-101-bob';
    const pod = doc(`${ns}/deployment-workspace.yaml`).spec.template.spec;
    expect(pod.containers[0].image).toBe('quay.io/jupyter/pyspark-notebook:2025-10-20');
    expect(pod.containers[0].env).toContainEqual({ name: 'PYSPARK_SUBMIT_ARGS', value: '--master local[2] --driver-memory 3072m pyspark-shell' });
    expect(pod.initContainers[0].name).toBe('wait-for-dataset');
    expect(pod.containers[0].args).toContain('--MappingKernelManager.cull_idle_timeout=3600');
    expect(Object.keys(doc(`${ns}/configmap-sample-dataset.yaml`).data)).toEqual(['retail-sales.csv']);
    expect(doc(`${ns}/ingress-workspace.yaml`).spec.rules[0].host).toBe('spark-101-bob.lab.workbench.example.com');
    expect(lab.files.get(`${ns}/deployment-workspace.yaml`)).toMatchSnapshot();
    expect(lab.files.get(`${ns}/job-seed-dataset.yaml`)).toMatchSnapshot();
  });

  it('python-notebook: counted participants, URL dataset passed through the environment, 30-minute culling', () => {
    const ns = 'py-intro/lab-py-intro-p02';
    const pod = doc(`${ns}/deployment-workspace.yaml`).spec.template.spec;
    expect(pod.containers[0].image).toBe('quay.io/jupyter/scipy-notebook:2025-10-20');
    expect(pod.containers[0].resources).toEqual({ limits: { cpu: '500m', memory: '1Gi' }, requests: { cpu: '500m', memory: '1Gi' } });
    expect(pod.containers[0].args).toContain('--MappingKernelManager.cull_idle_timeout=1800');
    const seed = doc(`${ns}/job-seed-dataset.yaml`).spec.template.spec.containers[0];
    expect(seed.env).toContainEqual({ name: 'DATASET_URL', value: 'https://data.example.com/open/taxi.csv' });
    expect(seed.command[2]).not.toContain('taxi.csv');
    expect(lab.files.get(`${ns}/deployment-workspace.yaml`)).toMatchSnapshot();
    expect(lab.files.get(`${ns}/job-seed-dataset.yaml`)).toMatchSnapshot();
  });

  it('ml-workshop: S3 dataset through the reader role (no keys), culling off', () => {
    const ns = 'ml-day/lab-ml-day-team-a';
    const pod = doc(`${ns}/deployment-workspace.yaml`).spec.template.spec;
    expect(pod.containers[0].image).toBe('quay.io/jupyter/pytorch-notebook:2025-10-20');
    expect(pod.containers[0].args).toEqual(['start-notebook.py', '--ServerApp.root_dir=/home/jovyan/work']);
    // The lab cloud stack's IRSA role (platform/cloud/lab-dataset-reader.ts), named by the naming module.
    expect(doc(`${ns}/serviceaccount-dataset-seeder.yaml`).metadata.annotations).toEqual({
      'eks.amazonaws.com/role-arn': expect.stringMatching(/^arn:aws:iam::\d{12}:role\/lab-lab-dataset-reader$/),
    });
    const seed = doc(`${ns}/job-seed-dataset.yaml`).spec.template.spec;
    expect(seed.containers[0].image).toMatch(/^public\.ecr\.aws\/aws-cli\/aws-cli:\d/);
    expect(seed.containers[0].env).toContainEqual({ name: 'DATASET_S3', value: 's3://workbench-lab-raw/labs/ml-day/' });
    expect(lab.files.get(`${ns}/deployment-workspace.yaml`)).toMatchSnapshot();
    expect(lab.files.get(`${ns}/job-seed-dataset.yaml`)).toMatchSnapshot();
  });

  it('the lab cluster finds lab branches: input provider over ^lab/, one GitRepository and Kustomization per branch', () => {
    const provider = doc('infrastructure/configs/flux-system/resourcesetinputprovider-lab-branches.yaml');
    expect(provider.spec).toMatchObject({ type: 'GitHubBranch', filter: { includeBranch: '^lab/' }, secretRef: { name: 'github-auth' } });
    const set = doc('infrastructure/configs/flux-system/resourceset-labs.yaml');
    expect(set.spec.resources.map((r: Doc) => r.kind)).toEqual(['GitRepository', 'Kustomization']);
    const kustomization = set.spec.resources[1].spec;
    expect(kustomization).toMatchObject({ path: './environments/lab/<< inputs.branch | trimPrefix "lab/" >>', prune: true, serviceAccountName: 'lab-deployer' });
    // The deployer may not touch anything outside lab-* namespaces, nor create cluster-wide RBAC.
    const rules = doc('infrastructure/configs/cluster-scoped/clusterrole-lab-deployer.yaml').rules as Doc[];
    expect(rules.flatMap((r) => r.resources)).not.toContain('clusterroles');
    expect(rules.flatMap((r) => r.resources)).not.toContain('secrets');
    const policy = doc('infrastructure/configs/cluster-scoped/validatingadmissionpolicy-lab-deployer-scope.yaml');
    expect(policy.spec.validations[0].expression).toContain("startsWith('lab-')");
    expect(lab.files.get('infrastructure/configs/flux-system/resourceset-labs.yaml')).toMatchSnapshot();
    // A lab branch can read no secret: its ExternalSecrets may only generate a password.
    expect(policy.spec.validations.map((v: Doc) => v.message)).toContain('a lab ExternalSecret may only generate a password: no secretStoreRef, no data, no remote keys');
    const store = doc('infrastructure/configs/cluster-scoped/clustersecretstore-aws-secrets-manager.yaml');
    expect(store.spec.conditions).toEqual([{ namespaces: ['flux-system', 'monitoring'] }]);
  });

  it('trainers read workspace tokens and nothing else: one Secret name, read-only views, bound to a group', () => {
    const role = doc('infrastructure/configs/cluster-scoped/clusterrole-lab-trainer.yaml');
    expect(role.rules).toContainEqual({ apiGroups: [''], resources: ['secrets'], resourceNames: ['workspace-token'], verbs: ['get'] });
    const verbs = (role.rules as Doc[]).flatMap((r) => r.verbs);
    expect(verbs.filter((v: string) => !['get', 'list', 'watch'].includes(v))).toEqual([]);
    expect((role.rules as Doc[]).filter((r) => r.resources.includes('secrets')).every((r) => r.resourceNames)).toBe(true);
    expect(doc('infrastructure/configs/cluster-scoped/clusterrolebinding-lab-trainer.yaml').subjects).toEqual([
      { apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'workbench:lab-trainers' },
    ]);
  });
});
