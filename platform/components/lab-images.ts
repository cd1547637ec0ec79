import type { LabTemplate } from '@workbench/lab-spec';

// Jupyter Docker Stacks images, pinned to one dated build so every participant of a lab (and
// every lab of a course) gets the same libraries. They run as jovyan (uid 1000, gid 100).
export const NOTEBOOK_IMAGES: Record<LabTemplate, string> = {
  'spark-notebook': 'quay.io/jupyter/pyspark-notebook:2025-10-20',
  'python-notebook': 'quay.io/jupyter/scipy-notebook:2025-10-20',
  'ml-workshop': 'quay.io/jupyter/pytorch-notebook:2025-10-20',
};

/** The AWS CLI, for seeding s3:// datasets. */
export const AWS_CLI_IMAGE = 'public.ecr.aws/aws-cli/aws-cli:2.31.18';

export const NOTEBOOK_USER = { runAsUser: 1000, runAsGroup: 100, fsGroup: 100 };
export const WORK_DIR = '/home/jovyan/work';
/** Written by the seed job when the dataset is in place; the workspace waits for it. */
export const DATASET_READY_MARKER = '.workbench-dataset-ready';
