import { cancel, isCancel, select, text } from '@clack/prompts';
import { NameError } from '../../names.ts';
import type { AppKind, CustomerAppSchema } from './schema.ts';

/** The two kinds of question the generator asks; a test answers them without a terminal. */
export interface Prompter {
  text(question: { message: string; initialValue?: string; validate: (value: string) => string | undefined }): Promise<string>;
  select(question: { message: string; options: { value: AppKind; label: string }[] }): Promise<AppKind>;
}

/** Each field's own check, the same one a flag passes through; throws NameError. */
export interface FieldChecks {
  kind(value: string): AppKind;
  name(value: string, kind: AppKind): void;
  customer(value: string): void;
  owner(value: string, customer: string): void;
  host(value: string, kind: AppKind): void;
}

const KIND_CHOICES: { value: AppKind; label: string }[] = [
  { value: 'service', label: 'service — an HTTP API (Deployment, Service, autoscaling)' },
  { value: 'job', label: 'job — a batch run per release (Job)' },
  { value: 'cron', label: 'cron — a scheduled batch run (CronJob)' },
  { value: 'spark-job', label: 'spark-job — a PySpark job run by spark-operator' },
];

/** @clack/prompts, the prompt library Nx itself uses; Ctrl-C leaves every file as it was. */
export const terminalPrompter: Prompter = {
  async text(question) {
    const answer = await text({ message: question.message, ...(question.initialValue ? { initialValue: question.initialValue } : {}), validate: (value) => question.validate(value ?? '') });
    if (isCancel(answer)) throw cancelled();
    return answer;
  },
  async select(question) {
    const answer = await select({ message: question.message, options: question.options });
    if (isCancel(answer)) throw cancelled();
    return answer;
  },
};

function cancelled(): NameError {
  cancel('Cancelled; nothing was written.');
  return new NameError('cancelled at a prompt; nothing was written');
}

/** Asks in a terminal, unless stdin is not one or the user passed --no-interactive. */
export function isInteractive(argv = process.argv): boolean {
  return Boolean(process.stdin.isTTY) && !argv.some((arg) => arg === '--no-interactive' || arg === '--interactive=false');
}

const FLAG: Record<'name' | 'customer' | 'kind', string> = { name: '<name> (the first argument)', customer: '--customer <customer>', kind: '--kind <service|job|cron|spark-job>' };

/** Turns a check's NameError into the message a prompt shows under the answer. */
function asValidator(check: (value: string) => void): (value: string) => string | undefined {
  return (value) => {
    try {
      check(value);
      return undefined;
    } catch (error) {
      if (error instanceof NameError) return error.message;
      throw error;
    }
  };
}

/**
 * Fills in what the command line left out by asking, one question at a time, each answer
 * checked as it is given by the same check its flag goes through: how it runs, the name, the
 * customer, the owning team (default `<customer>-team`) and, for a service, its public host.
 * Without a terminal, a missing required value is an error naming the flag.
 */
export async function askForMissing(options: Partial<CustomerAppSchema>, checks: FieldChecks, prompter: Prompter | undefined): Promise<CustomerAppSchema> {
  const missing = (['name', 'customer', 'kind'] as const).filter((field) => !options[field]);
  if (!prompter) {
    if (missing.length) throw new NameError(`missing ${missing.map((f) => FLAG[f]).join(', ')}: pass them, or run the command in a terminal to be asked`);
    return options as CustomerAppSchema;
  }
  const kind = options.kind ? checks.kind(options.kind) : await prompter.select({ message: 'How does it run?', options: KIND_CHOICES });
  const name = options.name ?? (await prompter.text({ message: 'What is the app called? (lowercase, dashes, e.g. acme-churn-api)', validate: asValidator((v) => checks.name(v, kind)) }));
  const customer = options.customer ?? (await prompter.text({ message: 'Which customer is it for? (lowercase, e.g. acme)', validate: asValidator(checks.customer) }));
  const owner = options.owner ?? (await prompter.text({ message: 'Which team owns it? (GitHub team handle)', initialValue: `${customer}-team`, validate: asValidator((v) => checks.owner(v, customer)) }));
  let host = options.host;
  if (host === undefined && kind === 'service') {
    host = await prompter.text({ message: 'Public host name for its ingress? (empty for none, e.g. churn.acme.example.com)', validate: asValidator((v) => (v ? checks.host(v, kind) : undefined)) });
  }
  return { ...options, kind, name, customer, owner, ...(host ? { host } : {}) };
}
