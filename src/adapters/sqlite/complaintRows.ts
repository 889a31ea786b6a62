/** End of a China day (YYYY-MM-DD) in epoch ms: a deadline day counts in full. */
export const endOfDay = (day: string) => Date.parse(`${day}T23:59:59+08:00`);
/** A row is alive while its expiry (if any) is still ahead; the parameter is now. */
export const LIVE = '(expires_at IS NULL OR expires_at > ?)';
