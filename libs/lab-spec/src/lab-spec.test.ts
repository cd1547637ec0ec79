import { SpecFileError } from '@workbench/workload-spec';
import { describe, expect, it } from 'vitest';
import type { LabLimits } from '@workbench/stack-config';
import { checkLabAgainstLimits } from './limits.ts';
import { expiryLabel, participantNames, participantResources } from './participants.ts';
import { parseLabSpec } from './read-lab-specs.ts';

const VALID = `template: spark-notebook
participants: [alice, bob]
dataset: https://data.example.com/trips.parquet
starts: 2026-11-23T09:00:00Z
expires: 2026-11-27T17:00:00Z
`;

const LIMITS: LabLimits = {
  repository: 'https://github.com/example/workbench',
  maxParticipants: 200,
  maxDurationDays: 30,
  capacity: { cpu: '64', memory: '256Gi', storage: '2Ti' },
  maxPerParticipant: { cpu: '8', memory: '32Gi', storage: '100Gi' },
};
const NOW = new Date('2026-11-22T12:00:00Z');

function problems(text: string, lab = 'spark-101'): string[] {
  try {
    parseLabSpec(text, lab);
  } catch (error) {
    if (error instanceof SpecFileError) return error.problems.map((p) => `${p.line}:${p.column} ${p.field}: ${p.message}`);
    throw error;
  }
  return [];
}

describe('lab spec', () => {
  it('fills defaults from the template', () => {
    const { spec } = parseLabSpec(VALID, 'spark-101');
    expect(spec.idleCulling).toEqual({ after: '1h' });
    expect(participantResources(spec)).toEqual({ cpu: '2', memory: '4Gi', storage: '10Gi' });
    expect(participantNames(spec)).toEqual(['alice', 'bob']);
  });

  it('numbers participants given as a count', () => {
    expect(participantNames({ participants: 3 })).toEqual(['p01', 'p02', 'p03']);
    expect(participantNames({ participants: 120 }).at(-1)).toBe('p120');
    expect(participantNames({ participants: 120 })[0]).toBe('p001');
  });

  it('refuses bad input with the line, the field and what to do', () => {
    expect(problems(VALID.replace('spark-notebook', 'spark'))).toEqual([
      '1:11 template: expected one of "spark-notebook", "python-notebook", "ml-workshop"',
    ]);
    expect(problems(VALID.replace('[alice, bob]', '0'))).toEqual(['2:15 participants: a lab needs at least one participant']);
    expect(problems(VALID.replace('[alice, bob]', '[alice, bob, alice]'))[0]).toContain('duplicate participant names: alice');
    expect(problems(VALID.replace('[alice, bob]', '[Alice_1]'))[0]).toMatch(/^2:16 participants.0: a participant name is lowercase/);
    expect(problems(VALID.replace('2026-11-27T17', '2026-11-20T17'))).toEqual(['5:10 expires: must be after starts']);
    expect(problems(VALID.replace('https://data.example.com', 'ftp://data.example.com'))[0]).toContain('dataset: expected an https:// URL, an s3://bucket/path, or sample:<name>');
    expect(problems(VALID + 'gpu: true\n')[0]).toContain('gpu: unknown field "gpu"');
    expect(problems(VALID, 'Spark_101')[0]).toContain('lab "Spark_101": a lab name is lowercase');
    expect(problems(VALID, 'apps')[0]).toContain('reserved');
  });

  it('checks the lab cluster limits and the clock', () => {
    const { spec } = parseLabSpec(VALID, 'spark-101');
    expect(checkLabAgainstLimits(spec, LIMITS, NOW)).toEqual([]);
    const many = checkLabAgainstLimits({ ...spec, participants: 201 }, LIMITS, NOW).map((p) => `${p.field}: ${p.message}`);
    expect(many[0]).toMatch(/^participants: 201 participants are more than the lab cluster allows \(200/);
    expect(many).toContain('resources.cpu: 201 × 2 is more than the lab quota of 64 (workloads:labs in platform/workloads/Pulumi.lab.yaml); lower resources.cpu or the number of participants');
    expect(checkLabAgainstLimits({ ...spec, resources: { memory: '64Gi' } }, LIMITS, NOW)[0]!.message).toContain('more than the maximum 32Gi');
    expect(checkLabAgainstLimits(spec, LIMITS, new Date('2026-11-28T00:00:00Z'))[0]!.message).toContain('is in the past');
    const long = checkLabAgainstLimits({ ...spec, expires: '2027-02-01T00:00:00Z' }, LIMITS, NOW);
    expect(long.map((p) => p.field)).toEqual(['expires']);
    expect(long[0]!.message).toContain('more than 30 days after the lab starts');
  });

  it('counts the labs that run at the same time against the lab quota, not the ones before or after', () => {
    const { spec } = parseLabSpec(VALID.replace('[alice, bob]', '20'), 'spark-101'); // 20 × 2 CPU = 40 of 64
    const other = (participants: number, starts: string, expires: string) => ({ ...spec, participants, starts, expires });
    const overlapping = { lab: 'py-intro', spec: other(15, '2026-11-26T09:00:00Z', '2026-11-28T17:00:00Z') }; // 30 CPU
    const later = { lab: 'ml-day', spec: other(30, '2026-11-28T09:00:00Z', '2026-11-29T17:00:00Z') };
    expect(checkLabAgainstLimits(spec, LIMITS, NOW, [later])).toEqual([]);
    const problems = checkLabAgainstLimits(spec, LIMITS, NOW, [overlapping, later]);
    expect(problems).toEqual([
      {
        field: 'resources.cpu',
        message:
          '20 × 2 plus 30 CPU for the labs running at the same time (py-intro) is more than the lab quota of 64 (workloads:labs in platform/workloads/Pulumi.lab.yaml); lower resources.cpu or the number of participants, or choose dates when fewer labs run',
      },
    ]);
  });

  it('writes the expiry as a label value', () => {
    expect(expiryLabel('2026-11-27T18:00:00+01:00')).toBe('20261127T170000Z');
  });
});
