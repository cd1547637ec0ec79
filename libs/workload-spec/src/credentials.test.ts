import { describe, expect, it } from 'vitest';
import { CREDENTIAL_NAME, credentialShape } from './credentials.ts';

describe('what a credential looks like', () => {
  it('by name: the usual suffixes and infixes, not names that merely contain the letters', () => {
    for (const name of ['DB_PASSWORD', 'DJANGO_SECRET_KEY', 'AWS_SECRET_ACCESS_KEY', 'GITHUB_TOKEN', 'STRIPE_API_KEY', 'APIKEY', 'GOOGLE_CREDENTIALS', 'SSH_PRIVATE_KEY']) {
      expect(CREDENTIAL_NAME.test(name), name).toBe(true);
    }
    for (const name of ['MODEL_PATH', 'LOG_LEVEL', 'TOKENIZER_MODEL', 'SECRETARY_EMAIL', 'MLFLOW_TRACKING_URI']) expect(CREDENTIAL_NAME.test(name), name).toBe(false);
  });

  it('by shape: known key formats and URLs with a password', () => {
    expect(credentialShape('AKIAIOSFODNN7EXAMPLE')).toBe('an AWS access key id');
    expect(credentialShape('postgres://admin:S3cr3t@db/x')).toBe('a URL with an embedded password');
    expect(credentialShape('sk_live_4eC39HqLyjWDarjtT1zdp7dc')).toBe('a Stripe key');
    expect(credentialShape(`ghp_${'a1B2'.repeat(9)}`)).toBe('a GitHub token');
    expect(credentialShape('eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U')).toBe('a JSON Web Token');
    expect(credentialShape('postgres://db.internal:5432/app')).toBeUndefined();
  });

  it('by randomness: a generated secret, but not hex digests, UUIDs, paths, URLs or words', () => {
    expect(credentialShape('q8#Lr2!vZ9w@Tn4$Kp7^Xb1&Hd6*Jm3%', { entropy: true })).toMatch(/generated secret/);
    expect(credentialShape('Zx9Kq2Lw8Pv3Rt7Yb6Nm1Hc5Jd4', { entropy: true })).toMatch(/generated secret/);
    for (const value of [
      '29ec44d424ce9ea1c5b72c256b7ae35106aaa689', // a commit SHA: hex carries at most 4 bits a character
      'sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
      '123e4567-e89b-12d3-a456-426614174000',
      's3://acme-lake/exports/customers.csv',
      '/app/model/churn-model.json',
      'http://mlflow.mlflow.svc.cluster.local:5000',
      'a perfectly ordinary sentence in a variable',
      'info',
    ]) {
      expect(credentialShape(value, { entropy: true }), value).toBeUndefined();
    }
    // Without the entropy option only known shapes count (manifests hold digests and hashes).
    expect(credentialShape('q8#Lr2!vZ9w@Tn4$Kp7^Xb1&Hd6*Jm3%')).toBeUndefined();
  });
});
