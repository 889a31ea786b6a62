/** A row is alive while its expiry (if any) is still ahead; the parameter is now. */
export const LIVE = '(expires_at IS NULL OR expires_at > ?)';
