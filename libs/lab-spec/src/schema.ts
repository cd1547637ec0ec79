import { cpuQuantity, DNS_1123_LABEL, memoryQuantity } from '@workbench/workload-spec';
import { z } from 'zod';

export const LAB_TEMPLATES = ['spark-notebook', 'python-notebook', 'ml-workshop'] as const;
export type LabTemplate = (typeof LAB_TEMPLATES)[number];

// Namespaces are `lab-<lab>-<participant>` and hosts `<lab>-<participant>.<domain>`: both must stay
// within a 63-character DNS label, hence the two lengths.
export const LAB_NAME_MAX = 24;
export const PARTICIPANT_NAME_MAX = 30;

// Folders of environments/lab/ that the environment itself owns: a lab cannot take these names.
export const RESERVED_LAB_NAMES = ['apps', 'cluster', 'infrastructure', 'flux-system', 'datasets'];

export const labName = z
  .string()
  .max(LAB_NAME_MAX, `a lab name has at most ${LAB_NAME_MAX} characters`)
  .regex(DNS_1123_LABEL, 'a lab name is lowercase letters, digits and "-", starting and ending with a letter or digit (e.g. spark-101)')
  .refine((name) => !RESERVED_LAB_NAMES.includes(name), `that name is reserved (${RESERVED_LAB_NAMES.join(', ')}): choose another`);

export const participantName = z
  .string()
  .max(PARTICIPANT_NAME_MAX, `a participant name has at most ${PARTICIPANT_NAME_MAX} characters`)
  .regex(DNS_1123_LABEL, 'a participant name is lowercase letters, digits and "-" (DNS-safe), e.g. "alice" or "team-3"');

const storageQuantity = z.string().regex(/^[1-9][0-9]*(Gi|Ti)$/, 'expected a storage size such as "10Gi"');
const duration = z.string().regex(/^[1-9][0-9]*(m|h)$/, 'expected a duration in minutes or hours, such as "30m" or "2h"');
const timestamp = z.iso.datetime({ offset: true, error: 'expected an ISO 8601 time with a zone, e.g. 2026-11-27T17:00:00Z' });

// Addresses the seed job must never be pointed at: loopback, private and carrier-grade NAT
// networks (pods, services, nodes), link-local (cloud metadata at 169.254.169.254), and names
// that only resolve inside a cluster or a cloud.
const INTERNAL_IPV4: [number, number][] = [
  [0x00000000, 8], [0x0a000000, 8], [0x7f000000, 8], [0x64400000, 10], [0xa9fe0000, 16], [0xac100000, 12], [0xc0a80000, 16],
];
const INTERNAL_NAMES = /(^localhost$|\.localhost$|\.svc$|\.svc\.|\.cluster\.local$|\.internal$|\.local$|^metadata$)/;

/** Why `hostname` is inside the cluster or the cloud rather than on the internet, or undefined. */
export function internalHostReason(hostname: string): string | undefined {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const v4 = /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(host);
  if (v4) {
    const address = v4.slice(1).reduce((n, octet) => n * 256 + Number(octet), 0);
    const inside = INTERNAL_IPV4.some(([network, bits]) => Math.floor(address / 2 ** (32 - bits)) === Math.floor(network / 2 ** (32 - bits)));
    return inside ? `${host} is a loopback, private or link-local address` : undefined;
  }
  if (host.includes(':')) return /^(::1?|f[cd]|fe[89ab]|::ffff:)/.test(host) ? `${host} is a loopback, private or link-local address` : undefined;
  if (!host.includes('.') || INTERNAL_NAMES.test(host)) return `${host} is a name that resolves only inside a cluster or a private network`;
  return undefined;
}

/**
 * Where the dataset comes from: an https URL on the internet, an s3:// path, or `sample:<name>`
 * from platform/labs/datasets/. The prefix picks the rule, so each refusal says what is wrong.
 */
export const datasetReference = z.string().superRefine((reference, ctx) => {
  const fail = (message: string) => ctx.addIssue({ code: 'custom', message });
  if (reference.startsWith('https://')) {
    let url: URL;
    try {
      url = new URL(reference);
    } catch {
      return fail('not a valid https:// URL');
    }
    if (url.username || url.password) return fail('a dataset URL must not carry credentials');
    const reason = internalHostReason(url.hostname);
    if (reason) fail(`${reason}: a dataset comes from the internet (or s3://, or sample:), never from inside the cluster or the cloud`);
  } else if (reference.startsWith('s3://')) {
    if (!/^s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](\/[^\s]*)?$/.test(reference)) fail('expected s3://<bucket>/<path>');
  } else if (reference.startsWith('sample:')) {
    if (!/^sample:[a-z0-9][-a-z0-9]*$/.test(reference)) fail('expected sample:<name> of a file in platform/labs/datasets/');
  } else {
    fail('expected an https:// URL, an s3://bucket/path, or sample:<name> (a file in platform/labs/datasets/)');
  }
});

export const participantResources = z.strictObject({
  cpu: cpuQuantity.optional().describe('CPU of each workspace (request and limit)'),
  memory: memoryQuantity.optional().describe('Memory of each workspace (request and limit)'),
  storage: storageQuantity.optional().describe('Persistent storage of each participant'),
});

/** platform/labs/<lab>.yaml. The lab's name is the file's name. */
export const labSpecSchema = z
  .strictObject({
    template: z.enum(LAB_TEMPLATES).describe('What each participant gets: the notebook image and default sizes'),
    description: z.string().max(200).optional(),
    trainer: z.email().optional().describe('Who runs the lab; shown on the access sheet'),
    participants: z
      .union([
        z.number().int().min(1, 'a lab needs at least one participant'),
        z.array(participantName).min(1, 'a lab needs at least one participant'),
      ])
      .describe('Participant names, or a count (participants are then p01, p02, …)')
      .refine((p) => typeof p === 'number' || new Set(p).size === p.length, {
        error: (issue) => `duplicate participant names: ${duplicates(issue.input as string[]).join(', ')}; each participant needs a distinct name`,
      }),
    resources: participantResources.default({}).describe('Per participant; the template sets what is left out'),
    dataset: datasetReference.describe('Seeded into every participant workspace before it opens'),
    starts: timestamp,
    expires: timestamp,
    idleCulling: z
      .union([z.literal(false), z.strictObject({ after: duration })])
      .default({ after: '1h' })
      .describe('Stop idle notebook kernels and terminals after this long; false keeps them'),
  })
  .refine((spec) => Date.parse(spec.expires) > Date.parse(spec.starts), { path: ['expires'], error: 'must be after starts' });

export type LabSpec = z.output<typeof labSpecSchema>;
export type LabSpecInput = z.input<typeof labSpecSchema>;

function duplicates(names: string[]): string[] {
  return [...new Set(names.filter((name, i) => names.indexOf(name) !== i))];
}
