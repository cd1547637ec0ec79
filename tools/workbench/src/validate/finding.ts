/** One result of `workbench validate`: the file, the object, the rule, and what to do. */
export interface Finding {
  severity: 'error' | 'warning';
  /** Path relative to the repository root. */
  file: string;
  /** `Kind namespace/name`, or empty for folder-level findings. */
  object: string;
  rule: string;
  message: string;
}

export function formatFinding(f: Finding): string {
  return `${f.severity === 'error' ? 'error  ' : 'warning'} ${f.file}${f.object ? ` ${f.object}` : ''} [${f.rule}] ${f.message}`;
}
