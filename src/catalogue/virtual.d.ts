/** The ledger rows written at build time by src/catalogue/build/ledgerIndexFile.ts. */
declare module 'virtual:schoolwatch/ledger-index' {
  /** Reads the index the first time it is asked for (a file beside the server bundle). */
  const loadLedgerIndex: () => Promise<import('./ledgerIndex').LedgerIndex>;
  export default loadLedgerIndex;
}

/** content/notices' front matter, written at build time by src/catalogue/build/contentNoticesFile.ts. */
declare module 'virtual:schoolwatch/content-notices' {
  const loadContentNotices: () => Promise<import('./sources').NoticeEntry[]>;
  export default loadContentNotices;
}

/** The rendered bodies of content notices with ledger rows still open, by id, written at build time by src/catalogue/build/contentNoticesFile.ts. */
declare module 'virtual:schoolwatch/content-notice-bodies' {
  const loadContentNoticeBodies: () => Promise<Record<string, string>>;
  export default loadContentNoticeBodies;
}
