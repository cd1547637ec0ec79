import * as pulumi from '@pulumi/pulumi';
import type { AppContext } from './app-context.js';
import { declareAppAlerts } from './app-alerts.js';
import { declareAppIdentity } from './app-identity.js';
import { declareCronJob, declareJob } from './batch-workloads.js';
import { declareService } from './service-workload.js';
import { declareSparkJob } from './spark-workload.js';

/** One app in one environment: its identity and secrets, the objects its kind needs, and its alerts. */
export class AppWorkload extends pulumi.ComponentResource {
  constructor(ctx: AppContext, opts?: pulumi.ComponentResourceOptions) {
    super('workbench:apps:AppWorkload', ctx.app, {}, opts);
    const child = { parent: this };
    declareAppIdentity(ctx, child);
    const { workload } = ctx;
    switch (workload.kind) {
      case 'service':
        declareService({ ...ctx, workload }, child);
        break;
      case 'cron':
        declareCronJob({ ...ctx, workload }, child);
        break;
      case 'job':
        declareJob({ ...ctx, workload }, child);
        break;
      case 'spark-job':
        declareSparkJob({ ...ctx, workload }, child);
        break;
    }
    declareAppAlerts(ctx, child);
    this.registerOutputs({});
  }
}
