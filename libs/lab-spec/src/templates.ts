import type { LabTemplate } from './schema.ts';

export interface TemplateDefaults {
  cpu: string;
  memory: string;
  storage: string;
  /** What a participant finds in the workspace, for the access sheet. */
  summary: string;
}

/** Sizes a participant gets when the spec leaves them out. */
export const TEMPLATE_DEFAULTS: Record<LabTemplate, TemplateDefaults> = {
  'spark-notebook': { cpu: '2', memory: '4Gi', storage: '10Gi', summary: 'JupyterLab with PySpark (Spark in local mode inside the workspace)' },
  'python-notebook': { cpu: '1', memory: '2Gi', storage: '5Gi', summary: 'JupyterLab with pandas, scikit-learn and matplotlib' },
  'ml-workshop': { cpu: '2', memory: '8Gi', storage: '20Gi', summary: 'JupyterLab with PyTorch and scikit-learn' },
};
