import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';

interface Frame {
  uri?: string;
  line?: number;
  column?: number;
}

function toPath(uri: string): string {
  return uri.startsWith('file://') ? fileURLToPath(uri) : uri;
}

/**
 * The innermost frame inside the program folder, as `path:line:column` relative to `cwd`.
 * Frames in node_modules or the engine are skipped so the location points at the user's code.
 */
export function programFrame(frames: (Frame | null | undefined)[] | undefined, programRoot: string, cwd = process.cwd()): string | undefined {
  for (const frame of frames ?? []) {
    if (!frame?.uri) continue;
    const path = toPath(frame.uri);
    if (path.startsWith(programRoot) && !path.includes('/node_modules/')) {
      return `${relative(cwd, path)}:${frame.line ?? 0}:${(frame.column ?? 0) + 1}`;
    }
  }
  return undefined;
}

/** The program location in an Error's stack, for errors thrown inside the program or an apply. */
export function programFrameOfError(error: unknown, programRoot: string, cwd = process.cwd()): string | undefined {
  const stack = error instanceof Error ? (error.stack ?? '') : '';
  const frames: Frame[] = [];
  for (const match of stack.matchAll(/\(?((?:file:\/\/)?\/[^\s()]+):(\d+):(\d+)\)?$/gm)) {
    frames.push({ uri: match[1]!, line: Number(match[2]), column: Number(match[3]) - 1 });
  }
  return programFrame(frames, programRoot, cwd);
}
