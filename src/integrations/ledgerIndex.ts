import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { buildLedgerIndex } from '../catalog/ledgerIndex';
import { readIndexedContent } from './searchIndex';

/** The ledger rows' file, beside the server bundle (like the search index, so the bundle does not grow with the notices). */
export const LEDGER_INDEX_FILE = 'ledger-index.json';
export const LEDGER_INDEX_MODULE = 'virtual:schoolwatch/ledger-index';
const RESOLVED = `\0${LEDGER_INDEX_MODULE}`;

/**
 * Serves `virtual:schoolwatch/ledger-index`: every rectification ledger row
 * (school, aspect, problem), so that the on-demand report form can check a
 * "这一项没有真正整改？" link and the statistics can name the promise.
 * Read from content/ as the search index reads it.
 */
export function ledgerIndex(): AstroIntegration {
  let root: URL;
  let serverDir: URL;
  let command = 'build';
  let built: Promise<string> | undefined;
  const indexJson = () => (built ??= readIndexedContent(root).then((content) => JSON.stringify(buildLedgerIndex(content.notices))));
  return {
    name: 'schoolwatch-ledger-index',
    hooks: {
      'astro:config:done': ({ config }) => {
        serverDir = config.build.server;
      },
      'astro:config:setup': ({ config, updateConfig, command: running }) => {
        root = config.root;
        command = running;
        updateConfig({
          vite: {
            plugins: [
              {
                name: 'schoolwatch-ledger-index',
                resolveId: (id: string) => (id === LEDGER_INDEX_MODULE ? RESOLVED : undefined),
                async load(id: string) {
                  if (id !== RESOLVED) return undefined;
                  if (command === 'dev') return `const index = JSON.parse(${JSON.stringify(await indexJson())});\nexport default async () => index;\n`;
                  // The module lands in the server folder or in its chunks/ below it, as the bundler decides: look in both.
                  return `import { readFile } from 'node:fs/promises';\nlet index;\nconst read = (dir) => readFile(new URL([dir, '${LEDGER_INDEX_FILE}'].join('/'), import.meta.url), 'utf8');\nexport default () => (index ??= read('.').catch(() => read('..')).then(JSON.parse));\n`;
                },
              },
            ],
          },
        });
      },
      'astro:build:generated': async () => {
        await writeFile(fileURLToPath(new URL(LEDGER_INDEX_FILE, serverDir)), await indexJson());
      },
    },
  };
}
