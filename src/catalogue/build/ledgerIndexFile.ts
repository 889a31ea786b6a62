import type { AstroIntegration } from 'astro';
import { buildLedgerIndex } from '../ledgerIndex';
import { jsonBesideBundle } from './besideBundle';

/** The ledger rows' file, beside the server bundle (like the search index, so the bundle does not grow with the notices). */
export const LEDGER_INDEX_FILE = 'ledger-index.json';
export const LEDGER_INDEX_MODULE = 'virtual:schoolwatch/ledger-index';

/**
 * Serves `virtual:schoolwatch/ledger-index`: every rectification ledger row
 * (school, aspect, problem), so that the on-demand report form can check a
 * "这一项没有真正整改？" link and the statistics can name the promise.
 * Read from content/ as the search index reads it.
 */
export const ledgerIndex = (): AstroIntegration =>
  jsonBesideBundle({
    name: 'schoolwatch-ledger-index',
    module: LEDGER_INDEX_MODULE,
    file: LEDGER_INDEX_FILE,
    make: (content) => buildLedgerIndex(content.notices),
  });
