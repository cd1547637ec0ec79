export type AppKind = 'service' | 'job' | 'cron' | 'spark-job';

export interface CustomerAppSchema {
  name: string;
  customer: string;
  kind: AppKind;
  owner?: string;
  host?: string;
  model?: string;
  skipInstall?: boolean;
  skipFollowUps?: boolean;
}
