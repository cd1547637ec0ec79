import { describe, expect, it } from 'vitest';
import { serviceCalls } from './service-calls.ts';

describe('serviceCalls', () => {
  it('finds in-cluster URLs with their port, defaulting by scheme, and ignores everything else', () => {
    expect(
      serviceCalls({
        MLFLOW_TRACKING_URI: 'http://mlflow.mlflow.svc.cluster.local:5000',
        SCORER: 'https://scorer.initech.svc/predict',
        PLAIN: 'http://api.initech.svc',
        LAKE: 's3://acme-lake/exports',
        PUBLIC: 'https://api.example.com:8443',
        MIN_AUC: '0.75',
      }),
    ).toEqual([
      { variable: 'MLFLOW_TRACKING_URI', service: 'mlflow', namespace: 'mlflow', port: 5000 },
      { variable: 'SCORER', service: 'scorer', namespace: 'initech', port: 443 },
      { variable: 'PLAIN', service: 'api', namespace: 'initech', port: 80 },
    ]);
  });
});
