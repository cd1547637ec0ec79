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
  /** Base wait between retries, in ms (they wait 1, 4 and 9 times it). Default: WORKBENCH_GITHUB_RETRY_MS, else 1000. */
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
    // The request log prints one "500 with id UNKNOWN" line per attempt of a request that never
    // reached GitHub; failures are reported once, by describeGitHubError, instead.
    log: { debug: () => undefined, info: () => undefined, warn: log, error: () => undefined },
    baseUrl: options.baseUrl ?? process.env.GITHUB_API_URL ?? 'https://api.github.com',
    userAgent: 'workbench-cli',
    // Retries go through the plugin's own state: a per-request `retries` would make it retry
    // every failure, 404 and 422 included, instead of only server errors.
    retry: { retries, retryAfterBaseValue: options.retryAfterMs ?? retryWaitFromEnvironment() },
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

/** WORKBENCH_GITHUB_RETRY_MS when it is a whole number of milliseconds, else GitHub's usual second. */
export function retryWaitFromEnvironment(env: Record<string, string | undefined> = process.env): number {
  const setting = env.WORKBENCH_GITHUB_RETRY_MS;
  return setting && /^\d+$/.test(setting) ? Number(setting) : 1000;
}

/** What the commands that call GitHub need from the environment; `--help` of each lists them. */
export const GITHUB_ENVIRONMENT_HELP = `
Environment:
  GITHUB_TOKEN       a token that may push branches and write pull requests (in Actions:
                     secrets.GITHUB_TOKEN; locally, for example \`gh auth token\`)
  GITHUB_REPOSITORY  owner/repo (Actions sets it)
  GITHUB_API_URL     the REST API root (default https://api.github.com)
  WORKBENCH_GITHUB_RETRY_MS
                     the wait before retrying a failed request, in ms; retries wait 1, 4
                     and 9 times it (default 1000)`;

export class MissingCredentialsError extends Error {}

/**
 * Checks, before anything is pushed or written, that the environment names a repository and
 * holds a token; names every missing variable at once.
 */
export function requireGitHubCredentials(env: Record<string, string | undefined> = process.env): { owner: string; repo: string } {
  const missing: string[] = [];
  if (!env.GITHUB_TOKEN) missing.push('GITHUB_TOKEN (a token that may push branches and write pull requests; locally `export GITHUB_TOKEN=$(gh auth token)`)');
  const [owner, repo] = (env.GITHUB_REPOSITORY ?? '').split('/');
  if (!owner || !repo) missing.push('GITHUB_REPOSITORY (owner/repo, e.g. `export GITHUB_REPOSITORY=acme/workbench`)');
  if (missing.length) throw new MissingCredentialsError(`this command calls GitHub and needs, before it changes anything:\n${missing.map((m) => `  - ${m}`).join('\n')}`);
  return { owner: owner!, repo: repo! };
}

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'ETIMEDOUT', 'ECONNRESET', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);

/**
 * A GitHub failure in words: a request that never reached GitHub (Octokit reports those as a
 * 500 without a response) is a network failure, not a server error.
 */
export function describeGitHubError(error: unknown): string {
  const e = error as { status?: number; response?: unknown; message?: string; cause?: { code?: string; cause?: { code?: string } }; request?: { url?: string } };
  const code = e.cause?.code ?? e.cause?.cause?.code;
  if (e.status === 500 && !e.response && (code === undefined ? /fetch failed|ECONN|ENOTFOUND|socket/i.test(e.message ?? '') : NETWORK_CODES.has(code))) {
    const host = e.request?.url ? new URL(e.request.url).origin : 'GitHub';
    return `network failure: could not reach ${host} (${e.message}); check the connection, or GITHUB_API_URL`;
  }
  return e.message ?? String(error);
}
