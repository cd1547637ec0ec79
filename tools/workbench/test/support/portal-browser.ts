import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import sirv from 'sirv';
import { chromium, type Browser } from 'playwright-core';

/** Debian's chromium (installed by .ci/run); CHROMIUM_PATH names another. Never a downloaded browser. */
export function chromiumPath(): string {
  const path = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(path)) throw new Error(`no Chromium at ${path}: install Debian's chromium (apt-get install chromium; .ci/run does) or set CHROMIUM_PATH`);
  return path;
}

export const launchChromium = (): Promise<Browser> => chromium.launch({ executablePath: chromiumPath() });

/** Serves a built site on 127.0.0.1, as GitHub Pages would: static files, no server logic. */
export async function serveSite(dir: string): Promise<{ url: string; close(): Promise<void> }> {
  // dev: reads files on each request, so a rebuilt site is served without a restart.
  const server: Server = createServer(sirv(dir, { dev: true }));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
