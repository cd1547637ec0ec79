import { LAB_LABELS, LAB_TOKEN_SECRET, LAB_TRAINERS_GROUP, participantHost, participantNames, participantNamespace, TEMPLATE_DEFAULTS, type LabSpec } from '@workbench/lab-spec';

export interface AccessRow {
  participant: string;
  url: string;
  namespace: string;
}

export function accessRows(lab: string, spec: LabSpec, domain: string): AccessRow[] {
  return participantNames(spec).map((participant) => ({
    participant,
    url: `https://${participantHost(lab, participant, domain)}/lab`,
    namespace: participantNamespace(lab, participant),
  }));
}

/**
 * The participant sheet: where each participant's workspace is and how their token is obtained.
 * Tokens are generated in the cluster and never written to git, so the sheet holds the command
 * that reads them, not the tokens.
 */
export function formatAccessSheet(lab: string, spec: LabSpec, domain: string): string {
  const rows = accessRows(lab, spec, domain);
  const culling = spec.idleCulling === false ? 'off' : `idle kernels and terminals stop after ${spec.idleCulling.after}`;
  return [
    `## Lab \`${lab}\` — participant access`,
    '',
    `${TEMPLATE_DEFAULTS[spec.template].summary} (template \`${spec.template}\`).`,
    '',
    `- Open: ${spec.starts} · Expires: ${spec.expires} (the branch is deleted then and everything is removed)`,
    `- Dataset: \`${spec.dataset}\`, in \`work/dataset/\` of every workspace`,
    `- Idle culling: ${culling}`,
    ...(spec.trainer ? [`- Trainer: ${spec.trainer}`] : []),
    '',
    '| participant | workspace | namespace |',
    '|---|---|---|',
    ...rows.map((r) => `| ${r.participant} | ${r.url} | \`${r.namespace}\` |`),
    '',
    '### Credentials',
    '',
    'Each workspace has its own token, generated inside the lab cluster by external-secrets',
    `(Secret \`${LAB_TOKEN_SECRET.name}\`, key \`${LAB_TOKEN_SECRET.key}\`, in the participant's namespace). It is never in git.`,
    `The trainer reads one and hands it to the participant, who pastes it on the login page. Reading`,
    `needs the lab cluster's kubeconfig and membership of the Kubernetes group \`${LAB_TRAINERS_GROUP}\`,`,
    `which may read only \`${LAB_TOKEN_SECRET.name}\` Secrets and see lab namespaces and pods (the platform team`,
    'maps trainers to it; see the README, "Run a training lab"):',
    '',
    '```sh',
    `kubectl -n ${rows[0]!.namespace} get secret ${LAB_TOKEN_SECRET.name} -o jsonpath='{.data.${LAB_TOKEN_SECRET.key}}' | base64 -d`,
    '```',
    '',
    'Every participant\'s token at once:',
    '',
    '```sh',
    `for ns in $(kubectl get ns -l ${LAB_LABELS.lab}=${lab} -o jsonpath='{.items[*].metadata.name}'); do`,
    `  printf '%s\\t%s\\n' "$ns" "$(kubectl -n "$ns" get secret ${LAB_TOKEN_SECRET.name} -o jsonpath='{.data.${LAB_TOKEN_SECRET.key}}' | base64 -d)"`,
    'done',
    '```',
    '',
  ].join('\n');
}
