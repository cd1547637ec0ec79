import * as aws from '@pulumi/aws';
import type { PolicyResource, ReportViolation, StackValidationPolicy } from '@pulumi/policy';
import { statementsOf } from './iam-statements.js';

type Props = Record<string, unknown>;
/** A bucket's settings are resources of their own (one per bucket), found by the bucket's name. */
const bucketsOf = (resources: PolicyResource[], type: string) => new Map(resources.filter((r) => r.type === type).map((r) => [String(r.props.bucket), r.props as Props]));

/** Runs `validate` over the stack's buckets, with every resource to look their settings up in. */
const forEachBucket =
  (validate: (buckets: PolicyResource[], resources: PolicyResource[], report: ReportViolation) => void) =>
  (args: { resources: PolicyResource[] }, report: ReportViolation) =>
    validate(args.resources.filter((r) => r.isType(aws.s3.Bucket)), args.resources, report);

/** No bucket is public: every one has all four public-access blocks, no public ACL, no policy granting `*`. */
export const noPublicBucket: StackValidationPolicy = {
  name: 's3-no-public-bucket',
  description: 'Every S3 bucket blocks public access and grants nothing to everyone.',
  validateStack: forEachBucket((buckets, resources, report) => {
    const blocks = bucketsOf(resources, 'aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock');
    const policies = bucketsOf(resources, 'aws:s3/bucketPolicy:BucketPolicy');
    for (const bucket of buckets) {
      const name = String(bucket.props.bucket);
      const block = blocks.get(name);
      const open = ['blockPublicAcls', 'blockPublicPolicy', 'ignorePublicAcls', 'restrictPublicBuckets'].filter((key) => block?.[key] !== true);
      if (open.length) report(`bucket ${name} does not block public access (${open.join(', ')} not true); fix: declare an aws.s3.BucketPublicAccessBlock for it with all four set to true`, bucket.urn);
      if (typeof bucket.props.acl === 'string' && bucket.props.acl.startsWith('public')) report(`bucket ${name} has the public ACL "${bucket.props.acl}"; fix: remove acl (buckets here use BucketOwnerEnforced, without ACLs)`, bucket.urn);
      const grantsEveryone = statementsOf(policies.get(name)?.policy).filter((s) => s.Effect === 'Allow' && (s.Principal === '*' || (s.Principal as { AWS?: unknown } | undefined)?.AWS === '*'));
      if (grantsEveryone.length) report(`bucket ${name}'s policy allows everyone (Principal "*") in ${grantsEveryone.map((s) => s.Sid ?? 'a statement').join(', ')}; fix: name the principals that need access`, bucket.urn);
    }
  }),
};

/**
 * Every bucket is encrypted with KMS, and its policy refuses requests without TLS. A bucket that
 * receives S3 server access logs is the one exception to KMS: AWS delivers those only to SSE-S3.
 */
export const encryptedTlsOnlyBucket: StackValidationPolicy = {
  name: 's3-kms-and-tls-only',
  description: 'Every S3 bucket is encrypted with KMS (access-log targets: SSE-S3, as AWS requires) and refuses requests without TLS.',
  validateStack: forEachBucket((buckets, resources, report) => {
    const encryption = bucketsOf(resources, 'aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration');
    const policies = bucketsOf(resources, 'aws:s3/bucketPolicy:BucketPolicy');
    const logTargets = new Set(resources.filter((r) => r.type === 'aws:s3/bucketLogging:BucketLogging').map((r) => String(r.props.targetBucket)));
    for (const bucket of buckets) {
      const name = String(bucket.props.bucket);
      const rules = (encryption.get(name)?.rules ?? []) as { applyServerSideEncryptionByDefault?: { sseAlgorithm?: string } }[];
      const algorithms = rules.map((rule) => rule.applyServerSideEncryptionByDefault?.sseAlgorithm);
      const allowed = logTargets.has(name) ? ['aws:kms', 'AES256'] : ['aws:kms'];
      if (!algorithms.length || !algorithms.every((a) => a && allowed.includes(a))) {
        report(`bucket ${name} is not encrypted with KMS (${algorithms.join(', ') || 'no default encryption'}); fix: declare an aws.s3.BucketServerSideEncryptionConfiguration with sseAlgorithm "aws:kms" and the lake's key`, bucket.urn);
      }
      const tlsOnly = statementsOf(policies.get(name)?.policy).some(
        (s) => s.Effect === 'Deny' && String(s.Condition?.Bool?.['aws:SecureTransport']) === 'false',
      );
      if (!tlsOnly) report(`bucket ${name} accepts requests without TLS; fix: its aws.s3.BucketPolicy needs a Deny statement with Condition Bool aws:SecureTransport "false"`, bucket.urn);
    }
  }),
};
