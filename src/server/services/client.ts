/** Who is asking, as the boundary knows it. */
export interface Client {
  /** The client's address: only ever used as a keyed hash, for rate limits. */
  address: string;
  /** Vercel's `waitUntil`: work passed to it may finish after the response. On the Node server work simply runs on. */
  waitUntil?: (promise: Promise<unknown>) => void;
}
