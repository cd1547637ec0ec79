import { appendFile } from 'node:fs/promises';

/**
 * Hands values to later steps the way GitHub Actions reads them: step outputs in $GITHUB_OUTPUT,
 * environment variables in $GITHUB_ENV. Outside Actions both are skipped.
 */
export async function setOutputs(outputs: Record<string, string>, env: Record<string, string> = {}): Promise<void> {
  const line = (values: Record<string, string>) => Object.entries(values).map(([k, v]) => `${k}=${v}\n`).join('');
  if (process.env.GITHUB_OUTPUT) await appendFile(process.env.GITHUB_OUTPUT, line(outputs));
  if (process.env.GITHUB_ENV && Object.keys(env).length) await appendFile(process.env.GITHUB_ENV, line(env));
}

/** Appends markdown to the job summary ($GITHUB_STEP_SUMMARY); outside Actions, nothing. */
export async function writeSummary(markdown: string): Promise<void> {
  if (process.env.GITHUB_STEP_SUMMARY) await appendFile(process.env.GITHUB_STEP_SUMMARY, markdown);
}
