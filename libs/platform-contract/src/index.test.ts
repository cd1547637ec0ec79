import { describe, expect, it } from 'vitest';
import { LAYER_TYPE, STACK_OUTPUTS } from './index.ts';

describe('the platform contract', () => {
  it('names a layer with a Pulumi type token and outputs with names a program can export', () => {
    // Pulumi refuses a component type that is not <package>:<module>:<Type>.
    expect(LAYER_TYPE.split(':')).toHaveLength(3);
    for (const name of Object.values(STACK_OUTPUTS)) expect(name).toMatch(/^[A-Za-z_$][\w$]*$/);
  });
});
