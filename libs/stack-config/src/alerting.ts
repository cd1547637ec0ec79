import { z } from 'zod';

// Where alerts go, per environment (`workloads:alerting` in Pulumi.<env>.yaml): a receiver per
// owning team (the `owner` of workload.yaml) and one for the platform team, which also gets the
// alerts of owners that declare none. Only where to send is declared here; a Slack webhook URL is
// a secret and lives in the secret store (see slackWebhookKey).

const receiver = z
  .strictObject({
    slack: z.strictObject({ channel: z.string().regex(/^#[a-z0-9][a-z0-9_-]*$/, 'expected a Slack channel such as "#acme-alerts"') }).optional(),
    email: z.strictObject({ to: z.email() }).optional(),
  })
  .refine((r) => r.slack || r.email, 'declare slack: { channel }, email: { to }, or both');
export type AlertReceiver = z.infer<typeof receiver>;

const ownerHandle = z.string().regex(/^@?[A-Za-z0-9][-A-Za-z0-9_./]*$/, 'expected the owner as workload.yaml writes it, e.g. "acme-data-science"');

export const alertingSchema = z
  .strictObject({
    smtp: z
      .strictObject({
        smarthost: z.string().regex(/^[A-Za-z0-9.-]+:\d{1,5}$/, 'expected host:port, e.g. smtp.example.com:587'),
        from: z.email(),
      })
      .optional()
      .describe('The mail relay e-mail receivers use'),
    platform: receiver.optional().describe('The platform team: platform alerts, and alerts of owners without a receiver'),
    owners: z.record(ownerHandle, receiver).default({}).describe('Receivers by owner, as workload.yaml names the owner'),
  })
  .superRefine((alerting, ctx) => {
    const emails = [...(alerting.platform?.email ? ['platform'] : []), ...Object.entries(alerting.owners).filter(([, r]) => r.email).map(([owner]) => `owners.${owner}`)];
    if (emails.length && !alerting.smtp) ctx.addIssue({ code: 'custom', path: ['smtp'], message: `${emails.join(', ')} send e-mail: add smtp: { smarthost, from }` });
  })
  .default({ owners: {} });
export type Alerting = z.infer<typeof alertingSchema>;

/** A name for an owner in object names and secret keys: "@org/Data-Team" → "org-data-team". */
export const ownerSlug = (owner: string) =>
  owner
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');

/**
 * Where an owner's Slack webhook URL is stored, under each customer whose apps it owns: the
 * customer's store reads only `workbench/<env>/<customer>/`. The "_" keeps it apart from apps'
 * keys, which start with the app's name.
 */
export const slackWebhookKey = (owner: string) => `_alerting/${ownerSlug(owner)}/slack-webhook`;
/** The platform team's Slack webhook URL, in the platform's store. */
export const PLATFORM_SLACK_WEBHOOK_KEY = 'alerting/slack-webhook';
