// What a credential looks like, for refusing one before it reaches git: by the variable's name,
// by a known token shape, and by the randomness of the value itself. One definition serves the
// workload spec, the render's guard and validate.

/** Variable names that hold credentials: their values belong in the secret store. */
export const CREDENTIAL_NAME = /(^|_)(PASSWORD|PASSWD|PASSPHRASE|SECRET|TOKEN|API_?KEY|ACCESS_KEY|PRIVATE_KEY|CREDENTIALS?)(_|$)/i;

const SHAPES: [RegExp, string][] = [
  [/AKIA[0-9A-Z]{16}/, 'an AWS access key id'],
  [/-----BEGIN [A-Z ]*PRIVATE KEY-----/, 'a private key'],
  [/\bgh[pousr]_[A-Za-z0-9]{36}\b/, 'a GitHub token'],
  [/\bgithub_pat_[A-Za-z0-9_]{40,}/, 'a GitHub token'],
  [/\bxox[abprs]-[A-Za-z0-9-]{10,}/, 'a Slack token'],
  [/\b[rs]k_(live|test)_[A-Za-z0-9]{16,}/, 'a Stripe key'],
  [/\bAIza[0-9A-Za-z_-]{35}\b/, 'a Google API key'],
  [/\beyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]+/, 'a JSON Web Token'],
  [/[a-z][a-z0-9+.-]*:\/\/[^/\s:@]+:[^/\s@]+@/i, 'a URL with an embedded password'],
];

/** Shannon entropy in bits per character. */
function entropy(value: string): number {
  const counts = new Map<string, number>();
  for (const char of value) counts.set(char, (counts.get(char) ?? 0) + 1);
  let bits = 0;
  for (const count of counts.values()) bits -= (count / value.length) * Math.log2(count / value.length);
  return bits;
}

/**
 * A long token with no spaces, no path or URL form, several kinds of characters and high
 * entropy reads as a generated secret. Hex strings (commit SHAs, digests) stay below the bar:
 * sixteen symbols carry at most 4 bits each.
 */
function looksRandom(value: string): boolean {
  if (value.length < 24 || /\s/.test(value) || value.includes('://') || value.startsWith('/')) return false;
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((c) => c.test(value)).length;
  return classes >= 3 && entropy(value) >= 4.2;
}

/** What the value looks like when it looks like a credential, or undefined. */
export function credentialShape(value: string, options: { entropy?: boolean } = {}): string | undefined {
  for (const [shape, what] of SHAPES) if (shape.test(value)) return what;
  if (options.entropy && looksRandom(value)) return 'a generated secret (a long, random-looking value)';
  return undefined;
}

/** How to keep a credential out of git; every refusal says it. */
export const SECRET_FIX = 'declare it under "secrets" (a reference to the secret store) instead; see libs/workload-spec/README.md, "Secrets"';
