/** The compact search index written at build time by src/integrations/searchIndex.ts. */
declare module 'virtual:schoolwatch/search-index' {
  /** Reads the index the first time it is asked for (a file beside the server bundle). */
  const loadIndex: () => Promise<import('./searchIndex').SearchIndex>;
  export default loadIndex;
}
