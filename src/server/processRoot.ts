import { readConfig } from '../config/env';
import { registry } from '../catalogue/registry';
import { createRoot, type Root } from './root';
import loadLedgerIndex from 'virtual:schoolwatch/ledger-index';
import loadContentNotices from 'virtual:schoolwatch/content-notices';

let root: Promise<Root> | undefined;

/**
 * The composition root of this process, made on first use: serverless
 * functions are created per batch of requests, and building clients outside
 * the handler lets warm instances reuse them. A failed start (a bad
 * configuration) is retried on the next request.
 */
export function processRoot(): Promise<Root> {
  root ??= createRoot(readConfig(), registry, {
    ledgerIndex: loadLedgerIndex,
    contentNotices: loadContentNotices,
  }).catch((error: unknown) => {
    root = undefined;
    throw error;
  });
  return root;
}
