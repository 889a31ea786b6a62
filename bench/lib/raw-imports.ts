// Vite's `?raw` imports under plain Node (tsx): `import text from './x.yaml?raw'`
// gives the file's text as the default export, as Vite does in the build.
// src/catalog/registry.ts imports the small content files that way, so that
// the server bundle holds them and not Astro's content store; with this hook
// the benchmarks load that same module (and the composition root that imports
// it) instead of a copy of its YAML reading.
//
// Node resolves and loads the whole static import graph of a module before it
// runs any of it, so the hook must be registered before the module that needs
// it is imported: import this file first, then import registry.ts or
// src/server/root.ts dynamically (see bench/lib/domain.ts), or start the
// process with `--import ./bench/lib/raw-imports.ts`.
import { readFileSync } from 'node:fs';
import { registerHooks } from 'node:module';
import { fileURLToPath } from 'node:url';

const RAW = '?raw';

registerHooks({
  resolve(specifier, context, next) {
    if (!specifier.endsWith(RAW) || !context.parentURL) return next(specifier, context);
    return { url: new URL(specifier, context.parentURL).href, shortCircuit: true };
  },
  load(url, context, next) {
    if (!url.endsWith(RAW)) return next(url, context);
    const text = readFileSync(fileURLToPath(url.slice(0, -RAW.length)), 'utf8');
    return { format: 'module', source: `export default ${JSON.stringify(text)};`, shortCircuit: true };
  },
});
