import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertmanagerFindings } from '../src/validate/alertmanager-config.js';
import { prometheusRuleFindings } from '../src/validate/prometheus-rules.js';
import type { ManifestFile } from '../src/validate/read-manifests.js';

const rule: ManifestFile = {
  file: 'environments/staging/apps/acme/prometheusrule-x.yaml',
  manifest: { apiVersion: 'monitoring.coreos.com/v1', kind: 'PrometheusRule', metadata: { name: 'x', namespace: 'acme' }, spec: { groups: [{ name: 'x', rules: [{ alert: 'A', expr: 'up == 0' }] }] } },
};
const release: ManifestFile = {
  file: 'environments/staging/infrastructure/controllers/monitoring/helmrelease-kube-prometheus-stack.yaml',
  manifest: {
    apiVersion: 'helm.toolkit.fluxcd.io/v2',
    kind: 'HelmRelease',
    metadata: { name: 'kube-prometheus-stack', namespace: 'monitoring' },
    spec: { values: { alertmanager: { config: { route: { receiver: 'platform' }, receivers: [{ name: 'platform' }] } } } },
  },
};

describe('promtool and amtool in validate', () => {
  it('pass a valid rule group and Alertmanager configuration, and name the object of a routing error', async () => {
    expect(await prometheusRuleFindings([rule])).toEqual([]);
    expect(await alertmanagerFindings([release])).toEqual([]);
    const broken = structuredClone(release);
    (broken.manifest as { spec: { values: { alertmanager: { config: { route: { receiver: string } } } } } }).spec.values.alertmanager.config.route.receiver = 'nobody';
    const findings = await alertmanagerFindings([broken]);
    expect(findings).toEqual([expect.objectContaining({ severity: 'error', rule: 'amtool', file: release.file, message: expect.stringContaining('nobody') })]);
  });

  it('with a cache, checks a rule file promtool passed before only when its content changed, and a broken one every time', async () => {
    // The real promtool behind a wrapper that counts its `check` runs.
    const dir = await mkdtemp(join(tmpdir(), 'workbench-promtool-cache-'));
    const cache = join(dir, 'cache');
    const real = (await execa('sh', ['-c', 'command -v promtool'])).stdout.trim();
    await mkdir(join(dir, 'bin'));
    await writeFile(join(dir, 'bin/promtool'), `#!/bin/sh\n[ "$1" = check ] && echo run >> "${dir}/runs"\nexec "${real}" "$@"\n`);
    await chmod(join(dir, 'bin/promtool'), 0o755);
    const path = process.env.PATH;
    process.env.PATH = `${join(dir, 'bin')}:${path}`;
    const runs = async () => (await readFile(join(dir, 'runs'), 'utf8').catch(() => '')).split('\n').filter(Boolean).length;
    const withExpr = (expr: string) => {
      const changed = structuredClone(rule);
      (changed.manifest as { spec: { groups: { rules: { expr: string }[] }[] } }).spec.groups[0]!.rules[0]!.expr = expr;
      return changed;
    };
    try {
      for (let run = 0; run < 2; run++) {
        expect(await prometheusRuleFindings([withExpr('up == (0')], cache)).toEqual([expect.objectContaining({ severity: 'error', rule: 'promtool', file: rule.file })]);
      }
      expect(await runs()).toBe(2);
      expect(await prometheusRuleFindings([rule], cache)).toEqual([]);
      expect(await prometheusRuleFindings([rule], cache)).toEqual([]);
      expect(await runs()).toBe(3);
      expect(await prometheusRuleFindings([rule, withExpr('up == 1')], cache)).toEqual([]);
      expect(await runs()).toBe(4);
      expect(await prometheusRuleFindings([rule], undefined)).toEqual([]); // no cache: always checked
      expect(await runs()).toBe(5);
    } finally {
      process.env.PATH = path;
      await rm(dir, { recursive: true, force: true });
    }
  });

  describe('when the tools are not installed', () => {
    let emptyPath: string;
    const path = process.env.PATH;
    beforeAll(async () => {
      emptyPath = await mkdtemp(join(tmpdir(), 'no-tools-'));
      process.env.PATH = emptyPath;
    });
    afterAll(async () => {
      process.env.PATH = path;
      await rm(emptyPath, { recursive: true, force: true });
    });

    it('warns, says how to install them, and passes nothing off as checked', async () => {
      expect(await prometheusRuleFindings([rule])).toEqual([
        expect.objectContaining({ severity: 'warning', rule: 'promtool', message: expect.stringMatching(/promtool is not installed, so 1 PrometheusRule\(s\) were not checked: install it with `apt-get install prometheus`/) }),
      ]);
      expect(await alertmanagerFindings([release])).toEqual([
        expect.objectContaining({ severity: 'warning', rule: 'amtool', message: expect.stringMatching(/amtool is not installed.*apt-get install prometheus-alertmanager/) }),
      ]);
    });
  });
});
