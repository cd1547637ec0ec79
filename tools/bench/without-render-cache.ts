// Imported first by every benchmark that measures rendering or validation: each figure is a full
// run of the programs and a kustomize build of every file. The render cache would otherwise answer
// a workspace rendered before, and the validate cache skip files built before (cache.bench.ts and
// validate.bench.ts measure the caches themselves).
process.env.WORKBENCH_RENDER_CACHE = 'off';
process.env.WORKBENCH_VALIDATE_CACHE = 'off';
