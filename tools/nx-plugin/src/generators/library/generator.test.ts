import { readJson, readProjectConfiguration, type Tree } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { beforeEach, describe, expect, it } from 'vitest';
import libraryGenerator from './generator.ts';

let tree: Tree;
beforeEach(() => {
  tree = createTreeWithEmptyWorkspace();
  tree.write('tsconfig.base.json', JSON.stringify({ compilerOptions: { paths: { '@workbench/zeta': ['libs/zeta/src/index.ts'] } } }));
});

describe('library generator', () => {
  it('writes a tested, tagged library and maps @workbench/<name> in tsconfig.base.json', async () => {
    await libraryGenerator(tree, { name: 'geo-sdk', description: 'Geospatial helpers.' });
    const created = tree.listChanges().map((c) => c.path).filter((p) => p.startsWith('libs/')).sort();
    expect(created).toMatchSnapshot();
    expect(readProjectConfiguration(tree, 'geo-sdk').tags).toEqual(['type:lib', 'scope:shared']);
    expect(readJson(tree, 'libs/geo-sdk/package.json').name).toBe('@workbench/geo-sdk');
    expect(Object.keys(readJson(tree, 'tsconfig.base.json').compilerOptions.paths)).toEqual(['@workbench/geo-sdk', '@workbench/zeta']);
    expect(tree.read('libs/geo-sdk/src/index.ts', 'utf8')).toContain('@workbench/geo-sdk: Geospatial helpers');
  });

  it('refuses a bad or taken name and a missing description', async () => {
    await expect(libraryGenerator(tree, { name: 'Geo', description: 'x' })).rejects.toThrow(/DNS-1123/);
    await expect(libraryGenerator(tree, { name: 'geo', description: ' ' })).rejects.toThrow(/description is required/);
    await libraryGenerator(tree, { name: 'geo', description: 'x' });
    await expect(libraryGenerator(tree, { name: 'geo', description: 'x' })).rejects.toThrow(/already exists/);
  });
});
