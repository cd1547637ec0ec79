export { ENVIRONMENTS, WORKLOAD_KINDS, workloadSchema, type EnvironmentName, type Workload, type WorkloadInput, type WorkloadKind } from './schema.js';
export { formatProblem, parseWorkload, readWorkload, WorkloadSpecError, type WorkloadProblem } from './parse-workload.js';
export { resolveForEnvironment, type ResolvedWorkload } from './resolve-environment.js';
export { JSON_SCHEMA_ID, workloadJsonSchema, workloadJsonSchemaText } from './json-schema.js';
export { readAppWorkloads, type AppWorkload } from './read-app-workloads.js';
export { parseYamlWithSchema, SpecFileError, type SpecProblem } from './spec-yaml.js';
export { cpuQuantity, memoryQuantity } from './quantities.js';
