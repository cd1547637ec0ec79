import { checkLabAgainstLimits, labSpecPath, parseLabSpec, type LabDefinition, type LabProblem, type OtherLab } from '@workbench/lab-spec';
import type { LabLimits } from '@workbench/stack-config';
import { SpecFileError } from '@workbench/workload-spec';
import { Document, isMap, isSeq, parseDocument } from 'yaml';

/** Bad input to a lab command: every problem says which flag (and spec field) and how to fix it. */
export class LabInputError extends Error {
  constructor(readonly lab: string, readonly problems: string[]) {
    super(`lab ${lab}: nothing was written or pushed:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'LabInputError';
  }
}

export interface LabCreateInput {
  template: string;
  /** Comma-separated names, or a count. */
  participants: string;
  expires: string;
  starts?: string;
  dataset?: string;
  cpu?: string;
  memory?: string;
  storage?: string;
  /** A duration such as 45m or 2h, or "off". */
  idleCulling?: string;
  trainer?: string;
  description?: string;
}

const FLAGS: Record<string, string> = {
  template: '--template',
  participants: '--participants',
  'resources.cpu': '--cpu',
  'resources.memory': '--memory',
  'resources.storage': '--storage',
  dataset: '--dataset',
  starts: '--starts',
  expires: '--expires',
  idleCulling: '--idle-culling',
  'idleCulling.after': '--idle-culling',
  trainer: '--trainer',
  description: '--description',
};

/** "2026-11-27T17:00:00Z" as given, or "5d" / "36h" / "+90m" from now. */
const RELATIVE_TIME = /^\+?(\d+)(d|h|m)$/;

/** Whether `value` is a duration ("2d", "36h", "+90m") rather than a point in time. */
export function isRelativeTime(value: string): boolean {
  return RELATIVE_TIME.test(value.trim());
}

/** A point in time: ISO 8601 as given, or a duration counted from `from`. */
export function resolveTime(value: string, from: Date): string {
  const relative = RELATIVE_TIME.exec(value.trim());
  if (!relative) return value;
  const unit = { d: 86_400_000, h: 3_600_000, m: 60_000 }[relative[2] as 'd' | 'h' | 'm'];
  return isoMinute(new Date(from.getTime() + Number(relative[1]) * unit));
}

export function isoMinute(date: Date): string {
  return date.toISOString().replace(/:\d{2}\.\d{3}Z$/, ':00Z');
}

/** The spec a `lab create` writes, as YAML with a comment that says how to change it. */
export function specText(lab: string, input: LabCreateInput, now: Date): string {
  const participants = /^\d+$/.test(input.participants.trim())
    ? Number(input.participants)
    : input.participants.split(',').map((name) => name.trim()).filter(Boolean);
  const resources = Object.fromEntries(
    (['cpu', 'memory', 'storage'] as const).filter((key) => input[key] !== undefined).map((key) => [key, input[key]]),
  );
  const culling = input.idleCulling === undefined ? undefined : input.idleCulling === 'off' ? false : { after: input.idleCulling };
  const spec = {
    template: input.template,
    ...(input.description ? { description: input.description } : {}),
    ...(input.trainer ? { trainer: input.trainer } : {}),
    participants,
    ...(Object.keys(resources).length ? { resources } : {}),
    dataset: input.dataset ?? 'sample:retail-sales',
    starts: input.starts ? resolveTime(input.starts, now) : isoMinute(now),
    expires: resolveTime(input.expires, now),
    ...(culling !== undefined ? { idleCulling: culling } : {}),
  };
  const doc = new Document(spec);
  const names = doc.get('participants', true);
  if (isSeq(names)) names.flow = true;
  doc.commentBefore = ` Lab ${lab}: edit on branch lab/${lab} and push; CI re-renders environments/lab/${lab}/.\n Fields: libs/lab-spec/README.md`;
  return doc.toString();
}

/** The spec text with a new expiry, comments and layout kept. */
export function withExpiry(text: string, expires: string): string {
  const doc = parseDocument(text);
  if (!isMap(doc.contents)) return text;
  doc.set('expires', expires);
  return doc.toString();
}

/** How a problem is shown: by the flag that set the field when the spec came from flags. */
function describeProblem(lab: string, fromFlags: boolean, field: string, message: string): string {
  const flag = fromFlags ? FLAGS[field.replace(/\.\d+$/, '')] : undefined;
  return flag ? `${flag} (${field} in ${labSpecPath(lab)}): ${message}` : `${labSpecPath(lab)}: ${field}: ${message}`;
}

/** Parses spec text as a lab command would write it (schema, sample dataset present). */
export function parseLabInput(lab: string, text: string, repoRoot: string, fromFlags: boolean): LabDefinition {
  try {
    return parseLabSpec(text, lab, repoRoot);
  } catch (error) {
    if (!(error instanceof SpecFileError)) throw error;
    throw new LabInputError(lab, error.problems.map((p) => (p.field === '(file name)' ? `<lab>: ${p.message}` : describeProblem(lab, fromFlags, p.field, p.message))));
  }
}

/** Checks a parsed spec against the cluster's limits, the clock, and the other labs on the cluster. */
export function checkLabLimits(definition: LabDefinition, limits: LabLimits, now: Date, others: OtherLab[], fromFlags: boolean): void {
  const problems: LabProblem[] = checkLabAgainstLimits(definition.spec, limits, now, others);
  if (problems.length) throw new LabInputError(definition.lab, problems.map((p) => describeProblem(definition.lab, fromFlags, p.field, p.message)));
}
