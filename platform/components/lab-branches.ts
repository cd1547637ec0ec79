import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { LAB_TRAINERS_GROUP } from '@workbench/lab-spec';
import { standardLabels } from './labels.js';
import { TOKEN_SECRET } from './lab-workspace.js';

export interface LabBranchesArgs {
  /** The repository whose `lab/*` branches are labs (https URL). */
  repository: string;
  secretStore: string;
  /** The Flux Kustomization that must be ready before any lab is applied. */
  dependsOn: string;
}

const NAMESPACE = 'flux-system';
const DEPLOYER = 'lab-deployer';
const GITHUB_AUTH = 'github-auth';
const PROVIDER = 'lab-branches';
const TRAINER = 'lab-trainer';

/**
 * How the lab cluster finds labs by itself: a Flux Operator ResourceSetInputProvider lists the
 * repository's `lab/*` branches and a ResourceSet makes one GitRepository and one Kustomization
 * per branch, removed (and pruned) when the branch disappears. Labs are applied as `lab-deployer`,
 * which may only create the kinds a lab renders, only in `lab-*` namespaces: a lab branch is not
 * reviewed like main, so it must not be able to change anything else in the cluster.
 */
export class LabBranches extends pulumi.ComponentResource {
  constructor(args: LabBranchesArgs, opts?: pulumi.ComponentResourceOptions) {
    super('workbench:platform:LabBranches', 'lab-branches', {}, opts);
    const child = { parent: this };
    const labels = standardLabels({ component: 'labs' });

    // A fine-grained GitHub token (contents: read) from the secret store; Flux uses it both to
    // list branches and to clone them.
    new k8s.apiextensions.CustomResource(
      'lab-github-auth',
      {
        apiVersion: 'external-secrets.io/v1',
        kind: 'ExternalSecret',
        metadata: { name: GITHUB_AUTH, namespace: NAMESPACE, labels },
        spec: {
          refreshInterval: '1h',
          secretStoreRef: { kind: 'ClusterSecretStore', name: args.secretStore },
          target: { name: GITHUB_AUTH, creationPolicy: 'Owner', template: { data: { username: 'git', password: '{{ .token }}' } } },
          // workbench/<env>/platform/github-token: the platform store reads only that prefix.
          data: [{ secretKey: 'token', remoteRef: { key: 'github-token' } }],
        },
      },
      child,
    );

    this.declareDeployer(labels, child);
    this.declareTrainerAccess(labels, child);

    new k8s.apiextensions.CustomResource(
      'lab-branches-provider',
      {
        apiVersion: 'fluxcd.controlplane.io/v1',
        kind: 'ResourceSetInputProvider',
        metadata: {
          name: PROVIDER,
          namespace: NAMESPACE,
          labels,
          annotations: { 'fluxcd.controlplane.io/reconcileEvery': '2m' },
        },
        spec: { type: 'GitHubBranch', url: args.repository, secretRef: { name: GITHUB_AUTH }, filter: { includeBranch: '^lab/' } },
      },
      child,
    );

    // Branch `lab/<lab>` becomes GitRepository and Kustomization `lab-<lab>` (slugify turns the "/"
    // into "-"), applying ./environments/lab/<lab> from that branch.
    const name = '<< inputs.branch | slugify >>';
    new k8s.apiextensions.CustomResource(
      'lab-branches-resourceset',
      {
        apiVersion: 'fluxcd.controlplane.io/v1',
        kind: 'ResourceSet',
        metadata: { name: 'labs', namespace: NAMESPACE, labels },
        spec: {
          inputsFrom: [{ apiVersion: 'fluxcd.controlplane.io/v1', kind: 'ResourceSetInputProvider', name: PROVIDER }],
          commonMetadata: { labels: { 'app.kubernetes.io/managed-by': 'workbench', 'workbench.dev/lab-branch': '<< inputs.id >>' } },
          resources: [
            {
              apiVersion: 'source.toolkit.fluxcd.io/v1',
              kind: 'GitRepository',
              metadata: { name, namespace: NAMESPACE },
              spec: {
                interval: '1m',
                url: args.repository,
                ref: { branch: '<< inputs.branch >>' },
                secretRef: { name: GITHUB_AUTH },
                // Only the lab's own folder matters to the cluster.
                ignore: '/*\n!/environments/lab/\n',
              },
            },
            {
              apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
              kind: 'Kustomization',
              metadata: { name, namespace: NAMESPACE },
              spec: {
                interval: '10m',
                retryInterval: '1m',
                timeout: '15m',
                sourceRef: { kind: 'GitRepository', name },
                path: './environments/lab/<< inputs.branch | trimPrefix "lab/" >>',
                prune: true,
                wait: true,
                serviceAccountName: DEPLOYER,
                dependsOn: [{ name: args.dependsOn }],
              },
            },
          ],
        },
      },
      child,
    );
    this.registerOutputs({});
  }

  /**
   * Trainers read their participants' workspace tokens with kubectl: the group may get only
   * Secrets named `workspace-token` (the generated JupyterLab tokens) and look at lab namespaces,
   * workspaces and their logs, nothing else. The platform team maps trainers to the group (an EKS
   * access entry with this Kubernetes group).
   */
  private declareTrainerAccess(labels: Record<string, string>, opts: pulumi.CustomResourceOptions): void {
    const read = ['get', 'list', 'watch'];
    new k8s.rbac.v1.ClusterRole(
      'lab-trainer-role',
      {
        metadata: { name: TRAINER, labels },
        rules: [
          { apiGroups: [''], resources: ['secrets'], resourceNames: [TOKEN_SECRET], verbs: ['get'] },
          { apiGroups: [''], resources: ['namespaces', 'pods'], verbs: read },
          { apiGroups: [''], resources: ['pods/log'], verbs: ['get'] },
          { apiGroups: ['apps'], resources: ['deployments'], verbs: read },
        ],
      },
      opts,
    );
    new k8s.rbac.v1.ClusterRoleBinding(
      'lab-trainer-binding',
      {
        metadata: { name: TRAINER, labels },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: TRAINER },
        subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: LAB_TRAINERS_GROUP }],
      },
      opts,
    );
  }

  private declareDeployer(labels: Record<string, string>, opts: pulumi.CustomResourceOptions): void {
    new k8s.core.v1.ServiceAccount('lab-deployer-sa', { metadata: { name: DEPLOYER, namespace: NAMESPACE, labels }, automountServiceAccountToken: false }, opts);
    const verbs = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'];
    new k8s.rbac.v1.ClusterRole(
      'lab-deployer-role',
      {
        metadata: { name: DEPLOYER, labels },
        rules: [
          { apiGroups: [''], resources: ['namespaces', 'resourcequotas', 'limitranges', 'serviceaccounts', 'persistentvolumeclaims', 'configmaps', 'services'], verbs },
          { apiGroups: ['apps'], resources: ['deployments'], verbs },
          { apiGroups: ['batch'], resources: ['jobs'], verbs },
          { apiGroups: ['networking.k8s.io'], resources: ['networkpolicies', 'ingresses'], verbs },
          { apiGroups: ['external-secrets.io'], resources: ['externalsecrets'], verbs },
          { apiGroups: ['generators.external-secrets.io'], resources: ['passwords'], verbs },
        ],
      },
      opts,
    );
    new k8s.rbac.v1.ClusterRoleBinding(
      'lab-deployer-binding',
      {
        metadata: { name: DEPLOYER, labels },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: DEPLOYER },
        subjects: [{ kind: 'ServiceAccount', name: DEPLOYER, namespace: NAMESPACE }],
      },
      opts,
    );
    // RBAC cannot say "only namespaces named lab-*"; an admission policy can.
    new k8s.admissionregistration.v1.ValidatingAdmissionPolicy(
      'lab-deployer-scope',
      {
        metadata: { name: 'lab-deployer-scope', labels },
        spec: {
          failurePolicy: 'Fail',
          matchConstraints: { resourceRules: [{ apiGroups: ['*'], apiVersions: ['*'], operations: ['CREATE', 'UPDATE', 'DELETE'], resources: ['*'] }] },
          matchConditions: [{ name: 'lab-deployer', expression: `request.userInfo.username == 'system:serviceaccount:${NAMESPACE}:${DEPLOYER}'` }],
          validations: [
            {
              expression: "request.kind.kind == 'Namespace' ? request.name.startsWith('lab-') : request.namespace.startsWith('lab-')",
              message: 'a lab branch may only change namespaces named lab-*',
            },
            {
              // A lab may generate its own secrets (the workspace token) and read none: no store,
              // no remote keys, only the Password generator.
              expression:
                "request.kind.kind != 'ExternalSecret' || request.operation == 'DELETE' || (!has(object.spec.secretStoreRef) && !has(object.spec.data) && has(object.spec.dataFrom) && object.spec.dataFrom.all(d, has(d.sourceRef) && has(d.sourceRef.generatorRef) && d.sourceRef.generatorRef.kind == 'Password' && !has(d.extract) && !has(d.find)))",
              message: 'a lab ExternalSecret may only generate a password: no secretStoreRef, no data, no remote keys',
            },
            {
              expression:
                "request.kind.kind != 'Namespace' || request.operation == 'DELETE' || (has(object.metadata.labels) && object.metadata.labels.exists(k, k == 'pod-security.kubernetes.io/enforce') && object.metadata.labels['pod-security.kubernetes.io/enforce'] == 'restricted')",
              message: 'a lab namespace must enforce Pod Security restricted',
            },
          ],
        },
      },
      opts,
    );
    new k8s.admissionregistration.v1.ValidatingAdmissionPolicyBinding(
      'lab-deployer-scope-binding',
      { metadata: { name: 'lab-deployer-scope', labels }, spec: { policyName: 'lab-deployer-scope', validationActions: ['Deny'] } },
      opts,
    );
  }
}
