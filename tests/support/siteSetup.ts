import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { root } from './content';
import type { TestProject } from 'vitest/node';
import { astroBuild } from './project';
import { startServer } from './server';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
  }
}

/**
 * Builds the site once for the `site` project, into a folder of its own (so
 * that two test runs, or a developer's build, never overwrite each other),
 * and serves it for every test file. Workers find the build through
 * SCHOOLWATCH_OUT_DIR, which `scripts/serve.mjs` also reads.
 */
export default async function setup(project: TestProject) {
  // Inside the project, so that the server bundle still finds node_modules.
  mkdirSync(join(root, '.build'), { recursive: true });
  const work = mkdtempSync(join(root, '.build', 'test-'));
  const env = { SCHOOLWATCH_OUT_DIR: join(work, 'dist'), SCHOOLWATCH_CACHE_DIR: join(work, 'cache') };
  Object.assign(process.env, env);
  const build = await astroBuild(undefined, env);
  if (build.code !== 0) throw new Error(`astro build failed:\n${build.output}`);
  const server = await startServer();
  project.provide('baseUrl', server.url);
  return async () => {
    await server.stop();
    rmSync(work, { recursive: true, force: true });
  };
}
