import { isAbsolute, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ProgramResult } from './types.js';

interface Frame {
  uri?: string;
  line?: number;
  column?: number;
}

function toPath(uri: string): string {
  return uri.startsWith('file://') ? fileURLToPath(uri) : uri;
}

/**
 * The innermost frame inside the program folder, as `path:line:column` with an absolute path
 * (the engine's caller makes it relative to where the command runs: see `sourcesRelativeTo`).
 * Frames in node_modules or the engine are skipped so the location points at the user's code.
 */
export function programFrame(frames: (Frame | null | undefined)[] | undefined, programRoot: string): string | undefined {
  for (const frame of frames ?? []) {
    if (!frame?.uri) continue;
    const path = toPath(frame.uri);
    if (path.startsWith(programRoot) && !path.includes('/node_modules/')) {
      return `${path}:${frame.line ?? 0}:${(frame.column ?? 0) + 1}`;
    }
  }
  return undefined;
}

/** The program location in an Error's stack, for errors thrown inside the program or an apply. */
export function programFrameOfError(error: unknown, programRoot: string): string | undefined {
  const stack = error instanceof Error ? (error.stack ?? '') : '';
  const frames: Frame[] = [];
  for (const match of stack.matchAll(/\(?((?:file:\/\/)?\/[^\s()]+):(\d+):(\d+)\)?$/gm)) {
    frames.push({ uri: match[1]!, line: Number(match[2]), column: Number(match[3]) - 1 });
  }
  return programFrame(frames, programRoot);
}

/** `path:line:column` with its path passed through `move` (the line and column kept). */
function moveSource(source: string, move: (path: string) => string): string {
  const match = /^(.*?)(:\d+:\d+)$/.exec(source);
  return match ? `${move(match[1]!)}${match[2]}` : source;
}

/** The result with every source location's path passed through `move`: resources, problems and policy findings. */
export function moveSources(result: ProgramResult, move: (path: string) => string): ProgramResult {
  const moved = <T extends { source?: string }>(item: T): T => (item.source ? { ...item, source: moveSource(item.source, move) } : item);
  return {
    ...result,
    resources: result.resources.map(moved),
    problems: result.problems.map(moved),
    ...(result.policyViolations ? { policyViolations: result.policyViolations.map(moved) } : {}),
  };
}

/** Source locations as a person reads them: relative to the folder the command runs in. */
export function sourcesRelativeTo(cwd: string, result: ProgramResult): ProgramResult {
  return moveSources(result, (path) => (isAbsolute(path) ? relative(cwd, path) : path));
}

