import { alertRule, type AlertLabels, type RuleGroup, type RunbookSite } from './rule-group.js';

/** Who platform alerts go to: the `owner` label the Alertmanager routes to the platform team. */
export const PLATFORM_OWNER = 'platform';

/**
 * What the platform itself must keep working in every environment: Flux applying git (from the
 * kube-state-metrics custom-resource metrics Flux documents), certificates renewing, External
 * Secrets syncing, and customer namespaces with room under their quota.
 */
export function platformRuleGroup(environment: string, runbooks: RunbookSite): RuleGroup {
  const who: AlertLabels = { environment, owner: PLATFORM_OWNER };
  return {
    name: 'workbench-platform.rules',
    rules: [
      alertRule('FluxReconciliationFailing', 'gotk_resource_info{customresource_kind=~"Kustomization|HelmRelease", ready="False"} == 1', '15m', who, runbooks),
      alertRule('CertificateExpiringSoon', '(certmanager_certificate_expiration_timestamp_seconds - time()) < 14 * 86400', '1h', who, runbooks),
      alertRule('ExternalSecretNotSyncing', 'externalsecret_status_condition{condition="Ready", status="False"} == 1', '15m', who, runbooks),
      alertRule(
        'NamespaceQuotaNearlyFull',
        'kube_resourcequota{type="used"} / ignoring(type) (kube_resourcequota{type="hard"} > 0) > 0.9',
        '15m',
        who,
        runbooks,
      ),
    ],
  };
}
