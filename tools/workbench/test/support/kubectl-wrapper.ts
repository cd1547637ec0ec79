import { chmod, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';

/**
 * Writes `<bin>/kubectl`: the real kubectl behind a wrapper. FAKE_KUBECTL_COMMIT set, it answers
 * `kubectl version` as an upgraded kubectl would; with `buildLog`, each `kustomize` run appends
 * how many resources its kustomization listed and the folder it built.
 */
export async function writeKubectlWrapper(bin: string, buildLog?: string): Promise<void> {
  const real = (await execa('sh', ['-c', 'command -v kubectl'])).stdout.trim();
  const logBuilds = buildLog
    ? `if [ "$1" = kustomize ]; then
  for last; do :; done
  echo "$(grep -c '^  - ' "$last/kustomization.yaml") $last" >> "${buildLog}"
fi
`
    : '';
  await writeFile(
    join(bin, 'kubectl'),
    `#!/bin/sh
if [ "$1" = version ] && [ -n "$FAKE_KUBECTL_COMMIT" ]; then
  echo '{"clientVersion":{"gitVersion":"v9.9.9","gitCommit":"'"$FAKE_KUBECTL_COMMIT"'"},"kustomizeVersion":"v9"}'; exit 0
fi
${logBuilds}exec "${real}" "$@"
`,
  );
  await chmod(join(bin, 'kubectl'), 0o755);
}
