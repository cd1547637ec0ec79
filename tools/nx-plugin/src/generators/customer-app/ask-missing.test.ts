import { type Tree } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { beforeEach, describe, expect, it } from 'vitest';
import { askForMissing, type Prompter } from './ask-missing.ts';
import { fieldChecks } from './generator.ts';
import type { AppKind } from './schema.ts';

let tree: Tree;
beforeEach(() => {
  tree = createTreeWithEmptyWorkspace();
  tree.write('apps/taken/project.json', '{"name":"taken"}');
});

/**
 * Answers each question with the first answer its validator accepts, as a person retrying at the
 * prompt would, and records what the prompt showed for every answer it refused.
 */
function scripted(answers: Record<string, string[]>, kind: AppKind) {
  const asked: string[] = [];
  const refused: string[] = [];
  const prompter: Prompter = {
    async text({ message, initialValue, validate }) {
      asked.push(message);
      const key = Object.keys(answers).find((k) => message.includes(k));
      for (const answer of key ? answers[key]! : [initialValue ?? '']) {
        const problem = validate(answer);
        if (!problem) return answer;
        refused.push(problem);
      }
      throw new Error(`no acceptable answer for "${message}"`);
    },
    async select({ message }) {
      asked.push(message);
      return kind;
    },
  };
  return { prompter, asked, refused };
}

describe('interactive customer-app', () => {
  it('checks each answer as it is given, with the message a flag would get, and asks owner and host for a service', async () => {
    const session = scripted({ 'called': ['Bad_Name', 'taken', 'kube-proxy', 'churn-api'], 'customer': ['Acme', 'acme'], 'host': ['not a host', 'churn.acme.example.com'] }, 'service');
    const options = await askForMissing({}, fieldChecks(tree), session.prompter);
    expect(options).toEqual({ kind: 'service', name: 'churn-api', customer: 'acme', owner: 'acme-team', host: 'churn.acme.example.com' });
    expect(session.asked.map((m) => m.split('?')[0])).toEqual(['How does it run', 'What is the app called', 'Which customer is it for', 'Which team owns it', 'Public host name for its ingress']);
    expect(session.refused).toEqual([
      expect.stringContaining('app name "Bad_Name" is not a DNS-1123 label'),
      '"taken" already exists as an app, lib or Nx project; choose another name',
      expect.stringContaining('reserved'),
      expect.stringContaining('customer "Acme" is not a DNS-1123 label'),
      'host "not a host" is not a lowercase DNS name such as "churn.acme.example.com"',
    ]);
  });

  it('asks no host for a batch kind, and holds the name to that kind\'s length', async () => {
    const session = scripted({ 'called': ['x'.repeat(47), 'nightly-load'], 'customer': ['globex'] }, 'job');
    const options = await askForMissing({}, fieldChecks(tree), session.prompter);
    expect(options).toEqual({ kind: 'job', name: 'nightly-load', customer: 'globex', owner: 'globex-team' });
    expect(session.asked.some((m) => m.includes('host'))).toBe(false);
    expect(session.refused).toEqual([expect.stringContaining('at most 46 fit')]);
  });

  it('asks only for what the command line left out', async () => {
    const session = scripted({}, 'job');
    const options = await askForMissing({ name: 'etl', customer: 'globex', kind: 'cron', owner: 'data-team' }, fieldChecks(tree), session.prompter);
    expect(options).toMatchObject({ name: 'etl', customer: 'globex', kind: 'cron', owner: 'data-team' });
    expect(session.asked).toEqual([]);
  });

  it('without a terminal, names every missing flag', async () => {
    await expect(askForMissing({ kind: 'job' }, fieldChecks(tree), undefined)).rejects.toThrow(
      'missing <name> (the first argument), --customer <customer>: pass them, or run the command in a terminal to be asked',
    );
  });
});
