// Imported first by every benchmark that measures rendering: each figure is a full run of the
// programs. The render cache would otherwise answer a workspace rendered before (cache.bench.ts
// measures the cache itself).
process.env.WORKBENCH_RENDER_CACHE = 'off';
