import { Gauge, type Registry } from 'prom-client';
import { DRIFT_METRICS, MODEL_AGE_METRIC } from '@workbench/platform-contract';
import type { DriftMonitor } from './drift-monitor.ts';

// The names are the platform's contract (its alerts, dashboards and retraining triggers query them).
export { DRIFT_METRICS };

/**
 * Registers the monitor's figures as gauges, computed when Prometheus scrapes. Labels are the
 * model's name and the profile's feature names only, so their number is fixed by the model.
 */
export function registerDriftMetrics(registry: Registry, monitor: DriftMonitor, model: string): void {
  let snapshot = monitor.snapshot();
  // One snapshot per scrape: the first gauge collected takes it, the others read it.
  const refresh = () => {
    snapshot = monitor.snapshot();
  };
  const perFeature = (name: string, help: string, pick: (f: (typeof snapshot.features)[string]) => number, first = false) =>
    new Gauge({
      name,
      help,
      labelNames: ['model', 'feature'] as const,
      registers: [registry],
      collect() {
        if (first) refresh();
        for (const feature of monitor.featureNames) this.set({ model, feature }, pick(snapshot.features[feature]!));
      },
    });
  perFeature(DRIFT_METRICS.featurePsi, 'Population stability index of a feature in the drift window against the training data', (f) => f.psi, true);
  perFeature(DRIFT_METRICS.missingRatio, 'Share of requests in the drift window without this feature', (f) => f.missingShare);
  perFeature(DRIFT_METRICS.outOfRangeRatio, 'Share of requests in the drift window with this feature outside the training range', (f) => f.outOfRangeShare);
  new Gauge({
    name: DRIFT_METRICS.predictionPsi,
    help: 'Population stability index of the predictions in the drift window against the training data',
    labelNames: ['model'] as const,
    registers: [registry],
    collect() {
      this.set({ model }, snapshot.predictionPsi);
    },
  });
  new Gauge({
    name: DRIFT_METRICS.windowRequests,
    help: 'Scored requests in the drift window',
    labelNames: ['model'] as const,
    registers: [registry],
    collect() {
      this.set({ model }, snapshot.requests);
    },
  });
}

/**
 * Exports when the serving version was registered (one series: the model and its version), so
 * ModelTooOld fires when no newer version has been released for longer than the model may age.
 */
export function registerModelAge(registry: Registry, model: string, pin: { version: string; registeredAt: string }): void {
  const registered = Date.parse(pin.registeredAt);
  if (Number.isNaN(registered)) throw new Error(`the model pin's registeredAt "${pin.registeredAt}" is not a time (ISO 8601)`);
  new Gauge({ name: MODEL_AGE_METRIC, help: 'When the serving model version was registered (seconds since the epoch)', labelNames: ['model', 'version'] as const, registers: [registry] }).set(
    { model, version: pin.version },
    registered / 1000,
  );
}
