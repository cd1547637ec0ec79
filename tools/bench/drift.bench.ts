// `npm run bench:drift`: what the drift monitor adds to each scored request, against scoring
// alone in the same run, and its memory for a 10-minute window at 500 requests per second
// (300,000 requests). Appends the table to BENCHMARKS.md with the date and machine.
import { buildReferenceProfile, DriftMonitor, predictProbability, trainLogisticRegression } from '@workbench/ml-sdk';
import { publishBenchmark } from './benchmarks-file.js';

const REQUESTS = 300_000; // 10 minutes at 500 requests per second
const FEATURES = ['tenure_months', 'monthly_charges', 'support_tickets', 'monthly_contract'];
let seed = 42;
const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
const row = () => [Math.floor(next() * 72), 20 + next() * 100, Math.floor(next() * 8), next() < 0.5 ? 1 : 0];

const train = Array.from({ length: 5000 }, row);
const model = trainLogisticRegression(FEATURES, train, train.map((x) => (x[2]! > 4 || x[0]! < 6 ? 1 : 0)), { epochs: 200, learningRate: 0.2, l2: 0.001 });
const asRecord = (x: number[]) => Object.fromEntries(FEATURES.map((f, i) => [f, x[i]]));
const profile = buildReferenceProfile(train.map(asRecord), train.map((x) => predictProbability(model, x)));
const requests = Array.from({ length: REQUESTS }, row);
const records = requests.map(asRecord);
const start = Date.UTC(2026, 0, 1);
const at = (i: number) => start + Math.floor((i * 600_000) / REQUESTS); // spread over the 10 minutes

function scoreOnly(): number {
  const began = performance.now();
  let sum = 0;
  for (let i = 0; i < REQUESTS; i++) sum += predictProbability(model, requests[i]!);
  if (Number.isNaN(sum)) throw new Error('unreachable');
  return performance.now() - began;
}
function scoreAndObserve(monitor: DriftMonitor): number {
  const began = performance.now();
  for (let i = 0; i < REQUESTS; i++) monitor.observe(records[i]!, predictProbability(model, requests[i]!), at(i));
  return performance.now() - began;
}

const gc = (globalThis as { gc?: () => void }).gc;
scoreOnly();
scoreAndObserve(new DriftMonitor(profile)); // warm both paths
const scoringMs = scoreOnly();
const monitor = new DriftMonitor(profile);
const withMonitorMs = scoreAndObserve(monitor);

// Memory: a monitor keeps counts per slice, never requests, so its size does not depend on the
// rate. Measured over many monitors with every slice of the window in use, divided by their number.
const MONITORS = 200;
gc?.();
const heapBefore = process.memoryUsage().heapUsed;
const kept = Array.from({ length: MONITORS }, () => {
  const m = new DriftMonitor(profile);
  for (let i = 0; i < 1000; i++) m.observe(records[i]!, 0.5, start + i * 600);
  return m;
});
gc?.();
const monitorBytes = (process.memoryUsage().heapUsed - heapBefore) / kept.length;
const snapshotBegan = performance.now();
const snapshot = monitor.snapshot(at(REQUESTS - 1));
const snapshotMs = performance.now() - snapshotBegan;
if (snapshot.requests !== REQUESTS) throw new Error(`the window holds ${snapshot.requests} requests, expected ${REQUESTS}`);

const perRequest = (ms: number) => ((ms * 1000) / REQUESTS).toFixed(2);
const driftUs = (withMonitorMs - scoringMs) * 1000 / REQUESTS;
process.stdout.write(`scoring ${perRequest(scoringMs)} µs, with drift monitor ${perRequest(withMonitorMs)} µs per request; monitor ${(monitorBytes / 1024).toFixed(1)} KiB${gc ? '' : ' (no --expose-gc: heap figure is approximate)'}\n`);
await publishBenchmark({
  title: 'Drift monitor: cost per scored request',
  method: `${REQUESTS.toLocaleString('en')} requests (10 minutes at 500/s) through the churn model's logistic regression (4 features), scored alone and scored then observed by \`DriftMonitor\` (10-minute window, 10 slices), in the same run after a warm-up of both. Memory: heap growth of ${MONITORS} monitors with every slice of the window in use, per monitor${gc ? ', after garbage collection' : ''} — a monitor keeps counts per slice, not requests, so this is its size at any request rate.`,
  columns: ['scoring alone (baseline)', 'scoring + drift monitor', 'monitor cost', 'monitor memory (10 min at 500/s)', 'snapshot (PSI of every feature)'],
  rows: [`| ${perRequest(scoringMs)} µs | ${perRequest(withMonitorMs)} µs | ${driftUs.toFixed(2)} µs (${(withMonitorMs / scoringMs).toFixed(1)}×) | ${(monitorBytes / 1024).toFixed(1)} KiB | ${snapshotMs.toFixed(2)} ms |`],
});
