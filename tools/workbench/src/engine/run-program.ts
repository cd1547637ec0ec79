import { dirname } from 'node:path';
import { inspect } from 'node:util';
import * as pulumi from '@pulumi/pulumi';
import { bundleModuleUrl } from './bundle-url.js';
import { installCapture } from './capture.js';
import { bundlePositionMapper, type PositionMapper, programFrameOfError } from './source-location.js';
import { POLICY_PACK_EXPORT } from '@workbench/platform-contract';
import { recordDependencies } from './record-dependencies.js';
import { runPolicies } from './run-policies.js';
import type { EngineProblem, PolicyViolation, ProgramJob, ProgramResult, RegisteredResource } from './types.js';

/** A readable message from whatever was thrown: Errors, gRPC errors (`details`), or plain values. */
function messageOf(error: unknown): string {
  if (error && typeof error === 'object') {
    const { message, details } = error as { message?: unknown; details?: unknown };
    const text = [message, details].filter((part) => typeof part === 'string' && part.trim()).join(': ');
    if (text) return text.trim();
    return inspect(error, { depth: 2, breakLength: Infinity });
  }
  return String(error);
}

/** An error about the user's own input files (InputError), which already names file and field. */
function isUserInputError(error: unknown): boolean {
  return !!error && typeof error === 'object' && (error as { userInput?: unknown }).userInput === true;
}

/** The program line that threw, unless the error already names the user's own file and field. */
function sourceOf(error: unknown, programRoot: string, mapPosition: PositionMapper): string | undefined {
  return isUserInputError(error) ? undefined : programFrameOfError(error, programRoot, mapPosition);
}

/**
 * Runs a Pulumi program in this process against Pulumi's mock monitor and returns every
 * resource it registered. The Pulumi runtime keeps global state, so a process runs one program
 * once: `renderEnvironments` gives each environment its own process.
 */
export async function runProgram(job: ProgramJob): Promise<ProgramResult> {
  const problems: EngineProblem[] = [];
  // The program runs from its bundle: frames there are mapped back to the program's sources.
  const mapPosition = bundlePositionMapper(dirname(job.programFile), job.repoRoot);
  const capture = installCapture(job.programRoot, problems, mapPosition);
  // Errors thrown inside `apply` surface as unhandled rejections; without this they are silent.
  // The same error can arrive twice more as the runtime's rejected promises unwind: report it once.
  const report = (problem: EngineProblem) => {
    if (!problems.some((p) => p.message === problem.message && p.source === problem.source)) problems.push(problem);
  };
  const trap = (error: unknown) => {
    const source = sourceOf(error, job.programRoot, mapPosition);
    const input = isUserInputError(error);
    report({ ...(source ? { source } : {}), message: input ? messageOf(error) : `unhandled error in the program: ${messageOf(error)}` });
  };
  process.on('unhandledRejection', trap);
  process.on('uncaughtException', trap);

  const outputs: Record<string, unknown> = {};
  let recorder: ReturnType<typeof recordDependencies> | undefined;
  const started = performance.now();
  let programDone = started;
  try {
    pulumi.runtime.setAllConfig(job.config);
    // preview=true: values only a provider could compute stay unknown instead of being faked.
    await pulumi.runtime.setMocks(capture.mocks, job.project, job.stack, true);
    recorder = job.recordDependencies ? recordDependencies() : undefined;
    await pulumi.runtime.runInPulumiStack(async () => {
      const program = (await import(bundleModuleUrl(job.programFile, job.repoRoot))) as Record<string, unknown>;
      for (const [name, value] of Object.entries(program)) {
        outputs[name] = await (pulumi.output(value) as unknown as { promise(): Promise<unknown> }).promise();
      }
      programDone = performance.now();
      return undefined;
    });
  } catch (error) {
    const source = sourceOf(error, job.programRoot, mapPosition);
    report({ ...(source ? { source } : {}), message: messageOf(error) });
  }
  await pulumi.runtime.disconnect().catch((error: unknown) => trap(error));
  await capture.settle();
  // Give rejections raised while settling one turn to reach the trap.
  await new Promise((resolve) => setImmediate(resolve));
  capture.seal();

  const timers = process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length;
  if (timers > 0) {
    problems.push({
      message: `the program left ${timers} timer(s) running after it finished; anything they declare would be missing from the render. Declare every resource before the program's top level completes.`,
    });
  }
  process.off('unhandledRejection', trap);
  process.off('uncaughtException', trap);
  capture.uninstall();
  const resources = [...capture.resources.values()];
  const policyViolations = job.policyPackFile && problems.length === 0 ? await checkPolicies(job, resources, problems) : undefined;
  const dependencies = recorder?.stop();
  const timings = { programMs: programDone - started, settleMs: performance.now() - programDone };
  return { resources, problems, outputs, timings, ...(policyViolations ? { policyViolations } : {}), ...(dependencies ? { dependencies } : {}) };
}

/** Runs the policy pack's `policies` export; a pack that fails to load or throws is a problem of the render. */
async function checkPolicies(job: ProgramJob, resources: RegisteredResource[], problems: EngineProblem[]): Promise<PolicyViolation[] | undefined> {
  try {
    const pack = (await import(bundleModuleUrl(job.policyPackFile!, job.repoRoot))) as Record<string, unknown>;
    const policies = pack[POLICY_PACK_EXPORT];
    if (!Array.isArray(policies)) throw new Error(`${job.policyPackFile} exports no \`${POLICY_PACK_EXPORT}\` array`);
    return await runPolicies(policies, resources, job.project, job.stack);
  } catch (error) {
    problems.push({ message: `the policy pack could not run: ${messageOf(error)}` });
    return undefined;
  }
}
