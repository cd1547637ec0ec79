// The policy pack as the Pulumi CLI runs it (`pulumi preview --policy-pack platform/policy`).
// The embedded engine imports `policies` from policies.ts instead and calls the same functions.
import { PolicyPack } from '@pulumi/policy';
import { policies } from './policies.js';

new PolicyPack('workbench-cloud', { policies, enforcementLevel: 'mandatory' });
