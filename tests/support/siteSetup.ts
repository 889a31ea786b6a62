import type { TestProject } from 'vitest/node';
import { astroBuild } from './project';
import { startServer } from './server';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
  }
}

/** Builds the site once for the `site` project and serves it for every test file. */
export default async function setup(project: TestProject) {
  const build = await astroBuild();
  if (build.code !== 0) throw new Error(`astro build failed:\n${build.output}`);
  const server = await startServer();
  project.provide('baseUrl', server.url);
  return async () => {
    await server.stop();
  };
}
