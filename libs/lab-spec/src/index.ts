export { LAB_NAME_MAX, LAB_TEMPLATES, labName, labSpecSchema, participantName, RESERVED_LAB_NAMES, type LabSpec, type LabSpecInput, type LabTemplate } from './schema.ts';
export { TEMPLATE_DEFAULTS, type TemplateDefaults } from './templates.ts';
export { expiryLabel, LAB_LABELS, LAB_TOKEN_SECRET, LAB_TRAINERS_GROUP, participantHost, participantNames, participantNamespace, participantResources } from './participants.ts';
export { checkLabAgainstLimits, type LabProblem, type OtherLab } from './limits.ts';
export { DATASETS_DIR, LABS_DIR, labSpecNames, labSpecPath, parseLabSpec, readLabSpecs, samplePath, SAMPLE_DATASET_MAX_BYTES, type LabDefinition } from './read-lab-specs.ts';
export { bytes, millicores } from '@workbench/workload-spec';
export { currentTime, NOW_VARIABLE, setCurrentTime } from './lab-clock.ts';
