import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

// The layers of DESIGN.md, held by reading every import: data flows one way,
// request → services → pure domain → ports → adapters, and only the
// composition root (src/server/root.ts) chooses adapters. A new import that
// crosses a layer fails here with the file and what it imports.

const SRC = resolve(import.meta.dirname, '../../src');

function filesUnder(folder: string): string[] {
  return readdirSync(join(SRC, folder), { recursive: true, encoding: 'utf8' })
    .filter((name) => /\.(ts|mts|mjs|js)$/.test(name) && !name.endsWith('.d.ts'))
    .map((name) => join(folder, name));
}

/** Every module a file names: static imports and re-exports (type-only ones too), side-effect imports, dynamic imports. */
function importsOf(file: string): string[] {
  const text = readFileSync(join(SRC, file), 'utf8');
  const patterns = [/\b(?:import|export)\s[^'";]*?\sfrom\s*['"]([^'"]+)['"]/g, /\bimport\s*['"]([^'"]+)['"]/g, /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g];
  return patterns.flatMap((pattern) => [...text.matchAll(pattern)].map((match) => match[1]!));
}

/** A relative import as a path under src/ (`adapters/x.ts`); a package or builtin as written. */
function target(file: string, specifier: string): string {
  return specifier.startsWith('.') ? relative(SRC, resolve(SRC, dirname(file), specifier)).replaceAll('\\', '/') : specifier;
}

const builtins = new Set(builtinModules);
/** A Node module (`node:crypto`, `fs`); a path under src/ is never one, though `domain` is also a Node module's name. */
const isBuiltin = (to: string) => to.startsWith('node:') || (!existsSync(join(SRC, to.split('/')[0]!)) && builtins.has(to.split('/')[0]!));

/** `file → import` for each import of the files under `folder` that `forbidden` refuses. */
function crossings(folder: string, forbidden: (target: string) => boolean): string[] {
  return filesUnder(folder).flatMap((file) =>
    importsOf(file)
      .map((specifier) => target(file, specifier))
      .filter(forbidden)
      .map((to) => `${file} → ${to}`),
  );
}

const under =
  (...folders: string[]) =>
  (to: string) =>
    folders.some((folder) => to === folder || to.startsWith(`${folder}/`));

describe('the layers', () => {
  it('the domain imports no adapter, server, config, page or build part of the catalogue, and no Node module', () => {
    const outside = under('adapters', 'server', 'config', 'pages', 'components', 'layouts', 'integrations', 'search', 'scripts');
    // The catalogue's schemas are the shapes of content the domain reasons about; its loading and registry are not.
    const catalogueBuild = (to: string) => to.startsWith('catalogue/') && !to.startsWith('catalogue/schemas/');
    expect(crossings('domain', (to) => outside(to) || catalogueBuild(to) || isBuiltin(to))).toEqual([]);
  });

  it('the domain reads no environment, clock or randomness of its own: they come through ports', () => {
    const reaches = filesUnder('domain').flatMap((file) => {
      const text = readFileSync(join(SRC, file), 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
      return ['process.', 'Date.now(', 'new Date()', 'Math.random(', 'crypto.'].filter((word) => text.includes(word)).map((word) => `${file}: ${word}`);
    });
    expect(reaches).toEqual([]);
  });

  it('ports import only the domain, other ports and Node’s stream type', () => {
    // The upload spool takes a Node stream as it arrives from busboy: naming that type is the port's shape, not an adapter.
    expect(crossings('ports', (to) => !under('domain', 'ports')(to) && to !== 'node:stream')).toEqual([]);
  });

  it('configuration imports no adapter and nothing of the server', () => {
    expect(crossings('config', under('adapters', 'server'))).toEqual([]);
  });

  it('services import no adapter: the composition root hands them ports', () => {
    expect(crossings('server/services', under('adapters'))).toEqual([]);
  });
});
