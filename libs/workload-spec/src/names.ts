import { z } from 'zod';

// The names every input turns into object names, namespaces, folders and file names. One
// definition for workload.yaml, stack config, lab specs, the generators, the render's guards and
// validate, so a name one accepts the others do.

/** DNS-1123 label starting with a letter (an RFC 1035 label): what a Service name must be; apps and customers. */
export const DNS_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
/** DNS-1123 label: what a namespace or a label-like name must be (may start with a digit). */
export const DNS_1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
/** DNS-1123 subdomain: what most object names must be (labels joined by "."). */
export const DNS_1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;
/** A lowercase, fully qualified DNS name such as churn.acme.example.com. */
export const DNS_NAME = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?\.)+[a-z]{2,}$/;

/** A DNS-1123 label that starts with a letter: valid for every Kubernetes object, Services included. */
export const dnsLabel = z
  .string()
  .max(63)
  .regex(DNS_LABEL, 'expected lowercase letters, digits and dashes, starting with a letter (DNS-1123 label)');

/** A lowercase, fully qualified DNS name such as workbench.example.com. */
export const dnsName = z.string().max(253).regex(DNS_NAME, 'expected a lowercase DNS name such as churn.acme.example.com');
