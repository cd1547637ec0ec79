import { DriftMonitor, type LogisticRegressionModel, loadArtifact, type ModelArtifact, parseArtifact, predictProbability } from '@workbench/ml-sdk';
import { z } from 'zod';

/** The request body of POST /v1/score: one customer's features. */
export const scoreRequest = z.strictObject({
  customerId: z.string().min(1).optional(),
  tenureMonths: z.number().int().min(0),
  monthlyCharges: z.number().positive(),
  supportTickets: z.number().int().min(0),
  contract: z.enum(['monthly', 'annual']),
});
export type ScoreRequest = z.infer<typeof scoreRequest>;

export interface ChurnScore {
  customerId?: string;
  churnProbability: number;
  churnRisk: 'low' | 'medium' | 'high';
  modelVersion: string;
}

const EXPECTED_FEATURES = ['tenure_months', 'monthly_charges', 'support_tickets', 'monthly_contract'];

/**
 * A loaded churn model; refuses artifacts trained on other features or algorithms. When the
 * artifact carries its training data's profile, every score is also counted by a drift monitor.
 */
export class ChurnModel {
  /** Compares live requests with the training data; absent for artifacts saved without a profile. */
  readonly drift: DriftMonitor | undefined;

  private constructor(
    private readonly artifact: ModelArtifact<LogisticRegressionModel>,
  ) {
    this.drift = artifact.profile ? new DriftMonitor(artifact.profile) : undefined;
  }

  static async load(path: string): Promise<ChurnModel> {
    return ChurnModel.from(await loadArtifact(path), path);
  }

  /** The pinned artifact, fetched from the lake: refused unless its content hash is the pin's. */
  static fromPinned(text: string, uri: string, sha256: string): ChurnModel {
    return ChurnModel.from(parseArtifact(text, uri, { expectedSha256: sha256 }), uri);
  }

  private static from(artifact: ModelArtifact, path: string): ChurnModel {
    if (artifact.metadata.algorithm !== 'logistic-regression') {
      throw new Error(`${path}: expected a logistic-regression model, got ${artifact.metadata.algorithm}`);
    }
    const model = artifact.model as LogisticRegressionModel;
    if (JSON.stringify(model.features) !== JSON.stringify(EXPECTED_FEATURES)) {
      throw new Error(`${path}: model features ${model.features.join(', ')} do not match ${EXPECTED_FEATURES.join(', ')}`);
    }
    return new ChurnModel(artifact as ModelArtifact<LogisticRegressionModel>);
  }

  get version(): string {
    return this.artifact.metadata.version;
  }

  get name(): string {
    return this.artifact.metadata.name;
  }

  score(request: ScoreRequest): ChurnScore {
    const features = [request.tenureMonths, request.monthlyCharges, request.supportTickets, request.contract === 'monthly' ? 1 : 0];
    const probability = predictProbability(this.artifact.model, features);
    this.drift?.observe(Object.fromEntries(EXPECTED_FEATURES.map((name, i) => [name, features[i]])), probability);
    return {
      ...(request.customerId ? { customerId: request.customerId } : {}),
      churnProbability: Math.round(probability * 10_000) / 10_000,
      churnRisk: probability >= 0.6 ? 'high' : probability >= 0.3 ? 'medium' : 'low',
      modelVersion: this.version,
    };
  }
}
