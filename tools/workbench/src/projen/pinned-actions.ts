/**
 * Third-party actions, pinned to full commit SHAs (a tag can be moved; a SHA cannot). The version
 * is written beside each pin in the generated workflow; Dependabot proposes updates.
 */
export const ACTIONS = {
  checkout: { uses: 'actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683', version: 'v4.2.2' },
  setupNode: { uses: 'actions/setup-node@39370e3970a6d050c480ffad4ff0ed4d3fdee5af', version: 'v4.1.0' },
  cache: { uses: 'actions/cache@1bd1e32a3bdc45362d1e726936510720a7c30a57', version: 'v4.2.0' },
  uploadArtifact: { uses: 'actions/upload-artifact@b4b15b8c7c6ac21ea08fcf65892d2ee8f75cf882', version: 'v4.4.3' },
  downloadArtifact: { uses: 'actions/download-artifact@fa0a91b85d4f404e444e00e005971372dc801d16', version: 'v4.1.8' },
  configureAwsCredentials: { uses: 'aws-actions/configure-aws-credentials@e3dd6a429d7300a6a4c196c26e071d42e0343502', version: 'v4.0.2' },
  amazonEcrLogin: { uses: 'aws-actions/amazon-ecr-login@062b18b96a7aff071d4dc91bc00c4c1a7945b076', version: 'v2.0.1' },
  setupBuildx: { uses: 'docker/setup-buildx-action@c47758b77c9736f4b2ef4073d4d51994fabfe349', version: 'v3.7.1' },
  buildPush: { uses: 'docker/build-push-action@4f58ea79222b3b9dc2c8bbdd6debcef730109a75', version: 'v6.9.0' },
  configurePages: { uses: 'actions/configure-pages@983d7736d9b0ae728b81ab479565c72886d7745b', version: 'v5.0.0' },
  uploadPagesArtifact: { uses: 'actions/upload-pages-artifact@56afc609e74202658d3ffba0e8f6dda462b719fa', version: 'v3.0.1' },
  deployPages: { uses: 'actions/deploy-pages@d6db90164ac5ed86f2b6aed7e0febac5b3c0c03e', version: 'v4.0.5' },
  pulumi: { uses: 'pulumi/actions@8582a9e8cc630786854029b4e09281acd6794b58', version: 'v6.6.1' },
} as const;

export type ActionName = keyof typeof ACTIONS;
