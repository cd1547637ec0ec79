import type { Policies } from '@pulumi/policy';
import { encryptedTlsOnlyBucket, noPublicBucket } from './bucket-policies.js';
import { leastPrivilege, noIamUsers, scopedOidcTrust } from './iam-policies.js';
import { hardenedCluster, immutableScannedRegistry, noOpenSecurityGroups } from './platform-policies.js';

/** Every policy of the pack, mandatory: the CLI's pack (index.ts) and the offline render run this list. */
export const policies: Policies = [noPublicBucket, encryptedTlsOnlyBucket, leastPrivilege, scopedOidcTrust, noIamUsers, immutableScannedRegistry, hardenedCluster, noOpenSecurityGroups];
