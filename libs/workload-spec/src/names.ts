import { z } from 'zod';

// The names every input turns into object names, namespaces, folders and file names. One
// definition for workload.yaml, stack config and lab specs, so a name one accepts the others do.

/** A DNS-1123 label that starts with a letter: valid for every Kubernetes object, Services included. */
export const dnsLabel = z
  .string()
  .max(63)
  .regex(/^[a-z]([-a-z0-9]*[a-z0-9])?$/, 'expected lowercase letters, digits and dashes, starting with a letter (DNS-1123 label)');

/** A lowercase, fully qualified DNS name such as workbench.example.com. */
export const dnsName = z
  .string()
  .max(253)
  .regex(/^([a-z0-9]([-a-z0-9]*[a-z0-9])?\.)+[a-z]{2,}$/, 'expected a lowercase DNS name such as workbench.example.com');
