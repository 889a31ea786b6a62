declare namespace App {
  interface Locals {
    /** The process's services, from the composition root (src/middleware.ts). */
    services: import('./server/root').Services;
    /** Settings, taxonomy, bureaus and schools: what on-demand pages render with. */
    registry: import('./catalogue/registry').Registry;
    /** Every published notice, content/notices and the store merged: set for the pages that show notices (src/middleware.ts). */
    catalogue?: import('./server/liveNotices').LiveCatalogue;
  }
}
