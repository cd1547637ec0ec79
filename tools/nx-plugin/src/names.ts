import { DNS_LABEL, reservedNameReason } from '@workbench/workload-spec';

/** Why a name was refused and what would be accepted; thrown before anything is written. */
export class NameError extends Error {}

/** Checks a project or customer name, saying exactly what was wrong and what would pass. */
export function checkName(what: string, value: string | undefined, maxLength: number): string {
  if (!value) throw new NameError(`${what} is required`);
  if (/[/\\]|\.\./.test(value)) {
    throw new NameError(`${what} "${value}" looks like a path; give just the name, e.g. "acme-churn-api" (the folder is chosen for you)`);
  }
  if (!DNS_LABEL.test(value)) {
    throw new NameError(`${what} "${value}" is not a DNS-1123 label: use lowercase letters, digits and dashes, starting with a letter and not ending with a dash (e.g. "acme-churn-api")`);
  }
  if (value.length > maxLength) {
    throw new NameError(`${what} "${value}" is ${value.length} characters; at most ${maxLength} fit the Kubernetes object names it becomes`);
  }
  // The same reserved names the workload spec and the render refuse.
  const reserved = reservedNameReason(value);
  if (reserved) throw new NameError(`${what} ${reserved}`);
  return value;
}
