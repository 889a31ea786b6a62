/** The compact search index written at build time by src/integrations/searchIndex.ts. */
declare module 'virtual:schoolwatch/search-index' {
  const index: import('./searchIndex').SearchIndex;
  export default index;
}
