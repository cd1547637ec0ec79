import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import { Octokit } from '@octokit/rest';

const WorkbenchOctokit = Octokit.plugin(retry, throttling);
export type GitHubClient = InstanceType<typeof WorkbenchOctokit>;

export interface GitHubClientOptions {
  token?: string;
  /** REST API root. Default: GITHUB_API_URL (set by Actions), else https://api.github.com. */
  baseUrl?: string;
  /** Retries of a failed request (5xx, network) and of a rate-limited one. Default 3. */
  retries?: number;
  /** Base wait between retries, in ms. Default 1000 (tests shorten it). */
  retryAfterMs?: number;
  log?: (line: string) => void;
}

/**
 * Octokit with the retry plugin (server errors and network failures) and the throttling plugin
 * (primary and secondary rate limits, retried after the wait GitHub asks for).
 */
export function createGitHubClient(options: GitHubClientOptions = {}): GitHubClient {
  const retries = options.retries ?? 3;
  const log = options.log ?? ((line: string) => process.stderr.write(line + '\n'));
  const token = options.token ?? process.env.GITHUB_TOKEN;
  return new WorkbenchOctokit({
    ...(token ? { auth: token } : {}),
    baseUrl: options.baseUrl ?? process.env.GITHUB_API_URL ?? 'https://api.github.com',
    userAgent: 'workbench-cli',
    // Retries go through the plugin's own state: a per-request `retries` would make it retry
    // every failure, 404 and 422 included, instead of only server errors.
    retry: { retries, retryAfterBaseValue: options.retryAfterMs ?? 1000 },
    throttle: {
      onRateLimit: (retryAfter: number, request: { method: string; url: string }, _octokit: unknown, retryCount: number) => {
        log(`GitHub rate limit hit on ${request.method} ${request.url}; retrying in ${retryAfter} s (attempt ${retryCount + 1} of ${retries})`);
        return retryCount < retries;
      },
      onSecondaryRateLimit: (retryAfter: number, request: { method: string; url: string }, _octokit: unknown, retryCount: number) => {
        log(`GitHub secondary rate limit on ${request.method} ${request.url}; retrying in ${retryAfter} s`);
        return retryCount < retries;
      },
    },
  });
}

/** `owner/repo` from GITHUB_REPOSITORY, which Actions sets on every run. */
export function repositoryFromEnv(env: Record<string, string | undefined> = process.env): { owner: string; repo: string } {
  const [owner, repo] = (env.GITHUB_REPOSITORY ?? '').split('/');
  if (!owner || !repo) throw new Error('GITHUB_REPOSITORY is not set (expected owner/repo, as GitHub Actions sets it)');
  return { owner, repo };
}
