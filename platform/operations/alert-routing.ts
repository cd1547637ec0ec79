import { type AlertReceiver, type Alerting, ownerSlug } from '@workbench/stack-config';
import type { AlertName } from './alert-catalog.js';
import { PLATFORM_OWNER } from './platform-alert-rules.js';

// How alerts reach people. Every alert carries `owner`; in each customer namespace an
// AlertmanagerConfig sends that namespace's alerts to the owner's receiver. The Alertmanager's own
// configuration (kube-prometheus-stack values) sends platform alerts, and alerts of owners without
// a receiver, to the platform team. Grouping by app makes one broken app one notification, and
// inhibition keeps symptoms quiet while their cause fires.

/** Timing shared by every route: wait to group, then at most one update per group interval. */
export const GROUPING = { groupWait: '30s', groupInterval: '5m', repeatInterval: '4h' };

/** The key of the Slack webhook URL in the Secret External Secrets creates. */
export const SLACK_WEBHOOK_PROPERTY = 'webhook-url';

/** Alerts that are symptoms of another alert of the same app: silent while the cause fires. */
export const SYMPTOMS: { cause: AlertName; symptoms: AlertName[] }[] = [
  { cause: 'ServiceReplicasUnavailable', symptoms: ['ServiceAvailabilityBurnRateFast', 'ServiceAvailabilityBurnRateSlow', 'ServiceLatencyBurnRateFast', 'ServiceLatencyBurnRateSlow', 'ServicePodsCrashLooping'] },
  { cause: 'JobFailed', symptoms: ['JobRunningLong', 'CronJobNoRecentSuccess'] },
  { cause: 'SparkApplicationFailed', symptoms: ['SparkDriverRestarting'] },
];

/** The Secret in a customer namespace that holds an owner's Slack webhook URL. */
export const slackSecretName = (owner: string) => `alerting-${ownerSlug(owner)}-slack`;
/** The Secret in the monitoring namespace that holds the platform team's Slack webhook URL. */
export const PLATFORM_SLACK_SECRET = 'alertmanager-platform-slack';

const SLACK_TEXT = '{{ range .Alerts }}*{{ .Labels.severity }}* {{ .Annotations.summary }} (<{{ .Annotations.runbook_url }}|runbook>)\n{{ end }}';
const SLACK_TITLE = '[{{ .Status | toUpper }}] {{ .CommonLabels.app }}{{ if .CommonLabels.environment }} in {{ .CommonLabels.environment }}{{ end }}';

const matcher = (name: string, value: string, matchType: '=' | '=~' = '=') => ({ name, value, matchType });
const anyOf = (names: string[]) => names.join('|');

/**
 * The AlertmanagerConfig spec of one customer namespace, routing each owner of its apps that has
 * a receiver; undefined when none has (the platform team's route takes those alerts).
 */
export function customerRouting(owners: string[], alerting: Alerting): Record<string, unknown> | undefined {
  const routed = [...new Set(owners)].filter((owner) => alerting.owners[owner]).sort();
  if (!routed.length) return undefined;
  return {
    route: {
      receiver: 'unrouted',
      groupBy: ['app'],
      ...GROUPING,
      routes: routed.map((owner) => ({ matchers: [matcher('owner', owner)], receiver: receiverName(owner) })),
    },
    receivers: [{ name: 'unrouted' }, ...routed.map((owner) => ({ name: receiverName(owner), ...receiverConfigs(alerting.owners[owner]!, slackSecretName(owner)) }))],
    inhibitRules: inhibitions().map(({ source, target, equal }) => ({
      sourceMatch: source.map(([name, value, type]) => matcher(name, value, type)),
      targetMatch: target.map(([name, value, type]) => matcher(name, value, type)),
      equal,
    })),
  };
}

const receiverName = (owner: string) => `owner-${ownerSlug(owner)}`;

function receiverConfigs(receiver: AlertReceiver, slackSecret: string): Record<string, unknown> {
  return {
    ...(receiver.slack
      ? { slackConfigs: [{ channel: receiver.slack.channel, apiURL: { name: slackSecret, key: SLACK_WEBHOOK_PROPERTY }, sendResolved: true, title: SLACK_TITLE, text: SLACK_TEXT }] }
      : {}),
    ...(receiver.email ? { emailConfigs: [{ to: receiver.email.to, sendResolved: true }] } : {}),
  };
}

type Matcher = [name: string, value: string, type: '=' | '=~'];

/** A critical alert silences the warnings of the same app; a cause silences its symptoms. */
function inhibitions(): { source: Matcher[]; target: Matcher[]; equal: string[] }[] {
  return [
    { source: [['severity', 'critical', '=']], target: [['severity', 'warning', '=']], equal: ['app'] },
    ...SYMPTOMS.map(({ cause, symptoms }) => ({ source: [['alertname', cause, '='] as Matcher], target: [['alertname', anyOf(symptoms), '=~'] as Matcher], equal: ['app'] })),
  ];
}

/**
 * kube-prometheus-stack's `alertmanager` values: the Alertmanager configuration whose root routes
 * platform alerts and unrouted owners to the platform team, every namespace's AlertmanagerConfig
 * selected, and the platform Slack webhook mounted as a file (never in the configuration).
 */
export function alertmanagerValues(alerting: Alerting): Record<string, unknown> {
  const routedOwners = Object.keys(alerting.owners).sort();
  const slackFile = `/etc/alertmanager/secrets/${PLATFORM_SLACK_SECRET}/${SLACK_WEBHOOK_PROPERTY}`;
  const platform = alerting.platform;
  return {
    config: {
      global: {
        resolve_timeout: '5m',
        ...(alerting.smtp ? { smtp_smarthost: alerting.smtp.smarthost, smtp_from: alerting.smtp.from, smtp_require_tls: true } : {}),
      },
      route: {
        receiver: PLATFORM_OWNER,
        group_by: ['alertname', 'namespace', 'app'],
        group_wait: GROUPING.groupWait,
        group_interval: GROUPING.groupInterval,
        repeat_interval: GROUPING.repeatInterval,
        routes: [
          // The chart's always-firing heartbeat, for a dead man's switch; nobody is paged by it.
          { matchers: ['alertname = "Watchdog"'], receiver: 'null' },
          // Owners with a receiver are notified by their namespace's AlertmanagerConfig.
          ...(routedOwners.length ? [{ matchers: [`owner =~ "${anyOf(routedOwners.map(escapeRegex))}"`], receiver: 'null' }] : []),
        ],
      },
      receivers: [
        { name: 'null' },
        {
          name: PLATFORM_OWNER,
          ...(platform?.slack
            ? { slack_configs: [{ channel: platform.slack.channel, api_url_file: slackFile, send_resolved: true, title: SLACK_TITLE, text: SLACK_TEXT }] }
            : {}),
          ...(platform?.email ? { email_configs: [{ to: platform.email.to, send_resolved: true }] } : {}),
        },
      ],
      inhibit_rules: inhibitions().map(({ source, target, equal }) => ({
        source_matchers: source.map(([name, value, type]) => `${name} ${type} "${value}"`),
        target_matchers: target.map(([name, value, type]) => `${name} ${type} "${value}"`),
        equal,
      })),
    },
    alertmanagerSpec: {
      // Select every namespace's AlertmanagerConfig; each only sees alerts of its own namespace.
      alertmanagerConfigSelector: {},
      alertmanagerConfigNamespaceSelector: {},
      alertmanagerConfigMatcherStrategy: { type: 'OnNamespace' },
      ...(platform?.slack ? { secrets: [PLATFORM_SLACK_SECRET] } : {}),
    },
  };
}

// Escaped for a regex inside a quoted matcher, whose own escapes take one backslash away.
const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\\\$&');
