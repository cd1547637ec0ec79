export interface LibrarySchema {
  name: string;
  description: string;
  skipInstall?: boolean;
}
