import { parse, stringify } from 'yaml';
import { diffTexts, type ObjectChange } from './object-diff.js';

export interface InventoryEntry {
  type: string;
  name: string;
  /** The ComponentResources it was declared in, outermost first (`EksCluster staging-cluster / PodIdentityRole …`). */
  component?: string;
  inputs: Record<string, unknown>;
}
interface Statement {
  Effect?: string;
  Action?: string | string[];
  Resource?: string | string[];
  Condition?: unknown;
  Principal?: unknown;
}

const list = (value: string | string[] | undefined) => (value === undefined ? [] : [value].flat());
const ROLE = 'aws:iam/role:Role';
const ROLE_POLICY = 'aws:iam/rolePolicy:RolePolicy';
const ASSOCIATION = 'aws:eks/podIdentityAssociation:PodIdentityAssociation';
/** Resources whose change alters who can reach what over the network. */
const NETWORK = /^aws:ec2\/(vpc|subnet|securityGroup|securityGroupRule|routeTable|route|natGateway|internetGateway|networkAcl):|^aws:vpc\/securityGroup(Ingress|Egress)Rule:/;

export function entriesOf(text: string | undefined): Map<string, InventoryEntry> {
  const resources = ((text ? parse(text) : undefined) as { resources?: InventoryEntry[] } | undefined)?.resources ?? [];
  return new Map(resources.map((r) => [`${r.type} ${r.name}`, r]));
}

/** Readable resource names: `workbench-staging-curated/globex/*` rather than its full S3 ARN. */
const shortArn = (arn: string) => arn.replace(/^arn:aws:s3:::/, '');

/** Each allowed (action, resource) of a document, with its condition, as one comparable line. */
export function grants(policy: unknown): Map<string, string[]> {
  const statements = [((policy as { Statement?: Statement | Statement[] } | undefined)?.Statement ?? [])].flat();
  const byResource = new Map<string, string[]>();
  for (const s of statements) {
    if (s.Effect !== 'Allow') continue;
    const condition = s.Condition ? ` when ${JSON.stringify(s.Condition)}` : '';
    for (const resource of list(s.Resource)) {
      const key = `${shortArn(resource)}${condition}`;
      byResource.set(key, [...(byResource.get(key) ?? []), ...list(s.Action)]);
    }
  }
  return byResource;
}

function permissionChanges(role: string, before: unknown, after: unknown): string[] {
  const old = grants(before);
  const next = grants(after);
  const lines: string[] = [];
  for (const resource of [...new Set([...old.keys(), ...next.keys()])].sort()) {
    const a = new Set(old.get(resource) ?? []);
    const b = new Set(next.get(resource) ?? []);
    const gained = [...b].filter((action) => !a.has(action));
    const lost = [...a].filter((action) => !b.has(action));
    if (gained.length) lines.push(`role ${role} gains ${gained.join(', ')} on ${resource}`);
    if (lost.length) lines.push(`role ${role} loses ${lost.join(', ')} on ${resource}`);
  }
  return lines;
}

const trustOf = (role: InventoryEntry | undefined) => JSON.stringify((role?.inputs.assumeRolePolicy as { Statement?: unknown } | undefined)?.Statement ?? null);

/**
 * The changes a reviewer must see first, in words: permissions gained and lost per role, who may
 * assume a role, which ServiceAccounts hold one, and network changes.
 */
export function securityCallouts(before: Map<string, InventoryEntry>, after: Map<string, InventoryEntry>): string[] {
  const lines: string[] = [];
  const keys = [...new Set([...before.keys(), ...after.keys()])].sort();
  for (const key of keys) {
    const a = before.get(key);
    const b = after.get(key);
    const entry = (b ?? a)!;
    if (entry.type === ROLE_POLICY) {
      const role = String(entry.inputs.role);
      lines.push(...permissionChanges(role, a?.inputs.policy, b?.inputs.policy));
    } else if (entry.type === ROLE) {
      if (!a) lines.push(`role ${entry.inputs.name} is created`);
      else if (!b) lines.push(`role ${entry.inputs.name} is deleted`);
      else if (trustOf(a) !== trustOf(b)) lines.push(`role ${entry.inputs.name}: who may assume it changes (assumeRolePolicy)`);
    } else if (entry.type === ASSOCIATION) {
      const { namespace, serviceAccount, roleArn } = entry.inputs as Record<string, string>;
      const role = String(roleArn).split('/').at(-1);
      if (!a) lines.push(`ServiceAccount ${namespace}/${serviceAccount} gets role ${role} (Pod Identity)`);
      else if (!b) lines.push(`ServiceAccount ${namespace}/${serviceAccount} loses role ${role} (Pod Identity)`);
      else if (JSON.stringify(a.inputs) !== JSON.stringify(b.inputs)) lines.push(`ServiceAccount ${namespace}/${serviceAccount}: its Pod Identity association changes`);
    } else if (NETWORK.test(entry.type) && JSON.stringify(a?.inputs) !== JSON.stringify(b?.inputs)) {
      lines.push(`network: ${entry.type.split(':').at(-1)} ${entry.name} is ${!a ? 'added' : !b ? 'removed' : 'changed'}`);
    }
  }
  return lines;
}

/** Resource by resource, what changes between two inventories of one cloud stack, with the security call-outs. */
export function diffInventories(before: string | undefined, after: string | undefined): { changes: ObjectChange[]; callouts: string[] } {
  const old = entriesOf(before);
  const next = entriesOf(after);
  const inputsOf = (entries: Map<string, InventoryEntry>) => new Map([...entries].map(([key, entry]) => [key, stringify(entry.inputs, { lineWidth: 0 })]));
  return { changes: diffTexts(inputsOf(old), inputsOf(next)), callouts: securityCallouts(old, next) };
}
