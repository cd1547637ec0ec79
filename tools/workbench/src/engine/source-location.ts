import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { SourceMap, type SourceMapPayload } from 'node:module';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ROOT_RELATIVE_SOURCES } from './bundle-url.js';
import type { ProgramResult } from './types.js';

interface Frame {
  uri?: string;
  line?: number;
  column?: number;
}

/** A stack frame's file as a path (ES modules name theirs by `file://` URL). */
export function toPath(uri: string): string {
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
    if (isProgramFile(path, programRoot)) {
      return `${path}:${frame.line ?? 0}:${(frame.column ?? 0) + 1}`;
    }
  }
  return undefined;
}

/** Whether a source file is the program's own code: inside its folder, not an installed package. */
export const isProgramFile = (path: string, programRoot: string) => path.startsWith(programRoot) && !path.includes('/node_modules/');

/** A position as a stack trace prints it: a path and a 1-based line and column. */
export interface Position {
  file: string;
  line: number;
  column: number;
}

/** Maps a position in generated code to the source it came from (or returns it as it is). */
export type PositionMapper = (position: Position) => Position;

export const unmapped: PositionMapper = (position) => position;

/**
 * Maps positions inside the program's bundle folder back to the TypeScript sources, with the
 * source map beside each bundled file (`<file>.map`), read once and only when a frame lands
 * there. The program process runs without --enable-source-maps, under which Node parsed the
 * source map of every SDK module it loaded and mapped every frame of every stack captured.
 * A bundle shared by checkouts names its sources relative to the checkout, `root`.
 */
export function bundlePositionMapper(bundleDir: string, root?: string): PositionMapper {
  const maps = new Map<string, { map: SourceMap; dir: string } | null>();
  const mapOf = (file: string) => {
    if (!maps.has(file)) {
      const mapFile = `${file}.map`;
      const payload = existsSync(mapFile) ? (JSON.parse(readFileSync(mapFile, 'utf8')) as Record<string, unknown>) : undefined;
      const sourcesDir = payload?.[ROOT_RELATIVE_SOURCES] && root ? realpathSync(root) : dirname(mapFile);
      maps.set(file, payload ? { map: new SourceMap(payload as unknown as SourceMapPayload), dir: sourcesDir } : null);
    }
    return maps.get(file)!;
  };
  return (position) => {
    const file = toPath(position.file);
    if (!file.startsWith(`${bundleDir}/`)) return position;
    const found = mapOf(file);
    // Node's own mapping: 0-based lookups, and the original line and column back to 1-based.
    const entry = found?.map.findEntry(position.line - 1, position.column - 1);
    if (!found || !entry || !('originalSource' in entry)) return position;
    return { file: resolve(found.dir, toPath(entry.originalSource)), line: entry.originalLine + 1, column: entry.originalColumn + 1 };
  };
}

/** The program location in an Error's stack, for errors thrown inside the program or an apply. */
export function programFrameOfError(error: unknown, programRoot: string, map: PositionMapper = unmapped): string | undefined {
  const stack = error instanceof Error ? (error.stack ?? '') : '';
  const frames: Frame[] = [];
  for (const match of stack.matchAll(/\(?((?:file:\/\/)?\/[^\s()]+):(\d+):(\d+)\)?$/gm)) {
    const { file, line, column } = map({ file: match[1]!, line: Number(match[2]), column: Number(match[3]) });
    frames.push({ uri: file, line, column: column - 1 });
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

