import type { LabSpec, LabTemplate } from '@workbench/lab-spec';

/** Everything one participant's objects are built from. */
export interface LabParticipantContext {
  lab: string;
  participant: string;
  namespace: string;
  template: LabTemplate;
  /** The notebook image of the template. */
  image: string;
  resources: { cpu: string; memory: string; storage: string };
  dataset: LabDataset;
  idleCulling: LabSpec['idleCulling'];
  host: string;
  ingressClass: string;
  /** Labels of every object: lab, participant and expiry. */
  labels: Record<string, string>;
  /** Labels of pod templates and selectors: no expiry, so extending a lab never touches a running pod. */
  podLabels: Record<string, string>;
}

export type LabDataset =
  | { kind: 'url'; url: string }
  | { kind: 's3'; path: string; readerRoleArn: string }
  | { kind: 'sample'; fileName: string; content: string };
