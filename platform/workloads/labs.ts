import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { InputError } from '@workbench/workload-spec';
import {
  checkLabAgainstLimits,
  currentTime,
  LAB_LABELS,
  expiryLabel,
  participantHost,
  participantNames,
  participantNamespace,
  participantResources,
  readLabSpecs,
  type LabDefinition,
} from '@workbench/lab-spec';
import type { LabDataset } from '../components/lab-context.js';
import { NOTEBOOK_IMAGES } from '../components/lab-images.js';
import { LabParticipant } from '../components/lab-participant.js';
import { standardLabels } from '../components/labels.js';
import { Layer } from '../components/layer.js';
import { iamRoleArn, LAB_DATASETS_URI, labDatasetReaderRoleName, type LabLimits, lakeLocation, type StackConfig } from '@workbench/stack-config';

/**
 * Every lab spec in platform/labs/ becomes a layer `<lab>` of the lab environment
 * (environments/lab/<lab>/), one namespace per participant. On main there are none: a lab
 * lives on its own `lab/<lab>` branch.
 */
export function declareLabs(repoRoot: string, config: StackConfig, limits: LabLimits, cloud: LabCloud): string[] {
  const labs = readLabSpecs(repoRoot);
  checkLabs(labs, limits);
  for (const definition of labs) declareLab(repoRoot, config, cloud, definition);
  return labs.map(({ lab }) => lab);
}

/**
 * A lab branch is not reviewed, so what `lab create` and `lab check` refuse is refused here too:
 * a branch carries one lab, within the lab cluster's limits, not yet expired. The current time
 * comes from WORKBENCH_NOW when set (rehearsals and tests); it decides only whether the render
 * fails, never what it writes.
 */
function checkLabs(labs: LabDefinition[], limits: LabLimits): void {
  if (labs.length > 1) {
    throw new InputError(`${labs.map((l) => l.file).join(', ')}: a lab branch carries exactly one lab spec, found ${labs.length}; keep only the spec of the branch's own lab`);
  }
  // Only a lab's expiry depends on the clock: a render with no lab must not read it (the render
  // cache never reuses a run that read the clock).
  if (labs.length === 0) return;
  const now = currentTime();
  for (const { file, spec } of labs) {
    const problems = checkLabAgainstLimits(spec, limits, now);
    if (problems.length > 0) throw new InputError(problems.map((p) => `${file}: ${p.field}: ${p.message}`).join('\n'));
  }
}

function declareLab(repoRoot: string, config: StackConfig, cloud: LabCloud, definition: LabDefinition): void {
  const { lab, spec } = definition;
  const layer = new Layer(lab);
  const dataset = resolveDataset(repoRoot, definition, cloud);
  const labLabels = { [LAB_LABELS.lab]: lab, [LAB_LABELS.template]: spec.template };
  for (const participant of participantNames(spec)) {
    const identity = { ...labLabels, 'workbench.dev/participant': participant };
    new LabParticipant(
      {
        lab,
        participant,
        namespace: participantNamespace(lab, participant),
        template: spec.template,
        image: NOTEBOOK_IMAGES[spec.template],
        resources: participantResources(spec),
        dataset,
        idleCulling: spec.idleCulling,
        host: participantHost(lab, participant, config.domain),
        ingressClass: config.cluster.ingressClass,
        labels: { ...standardLabels({ component: 'lab' }), 'app.kubernetes.io/part-of': `lab-${lab}`, ...identity, [LAB_LABELS.expires]: expiryLabel(spec.expires) },
        podLabels: { 'app.kubernetes.io/part-of': `lab-${lab}`, ...identity },
      },
      { parent: layer },
    );
  }
}

/** The cloud's names a lab needs: where S3 datasets may live, and the role that reads them. */
export interface LabCloud {
  accountId: string;
  organization: string;
  env: string;
}

function resolveDataset(repoRoot: string, { file, spec, samplePath }: LabDefinition, cloud: LabCloud): LabDataset {
  const reference = spec.dataset;
  if (reference.startsWith('s3://')) {
    // The reader role may read the lab lake's labs/ prefix and nothing else (platform/cloud).
    const allowed = lakeLocation(cloud.organization, cloud.env, LAB_DATASETS_URI);
    if (!reference.startsWith(allowed)) throw new InputError(`${file}: dataset: ${reference} is outside ${allowed}, the only place lab seed jobs may read; copy the dataset there`);
    return { kind: 's3', path: reference, readerRoleArn: iamRoleArn(cloud.accountId, labDatasetReaderRoleName(cloud.env)) };
  }
  // readLabSpecs found the sample's file when it checked the spec.
  if (samplePath) return { kind: 'sample', fileName: basename(samplePath), content: readFileSync(join(repoRoot, samplePath), 'utf8') };
  return { kind: 'url', url: reference };
}
