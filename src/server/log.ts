/**
 * One structured line per event. Fields are ids, counts and short reasons;
 * never complaint text, contact details, receipt codes or secrets.
 */
export type Log = (level: 'info' | 'warn' | 'error', event: string, fields?: Record<string, unknown>) => void;

/** JSON lines on stdout (info) and stderr (warn, error). */
export const jsonLog: Log = (level, event, fields = {}) => {
  const line = JSON.stringify({ time: new Date().toISOString(), level, event, ...fields });
  (level === 'info' ? process.stdout : process.stderr).write(`${line}\n`);
};
