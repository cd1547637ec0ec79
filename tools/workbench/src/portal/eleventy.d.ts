// @11ty/eleventy ships JSDoc, not declarations: the part of its programmatic API the portal uses.
declare module '@11ty/eleventy' {
  export interface UserConfig {
    addGlobalData(name: string, value: unknown): void;
    addTemplate(virtualPath: string, content: unknown, data?: Record<string, unknown>): void;
    addPlugin(plugin: unknown, options?: Record<string, unknown>): void;
    setQuietMode(quiet: boolean): void;
  }
  export interface EleventyOptions {
    quietMode?: boolean;
    pathPrefix?: string;
    configPath?: string | false;
    config?: (config: UserConfig) => void;
  }
  export default class Eleventy {
    constructor(input: string, output: string, options?: EleventyOptions);
    write(): Promise<unknown>;
  }
  export const HtmlBasePlugin: unknown;
}
