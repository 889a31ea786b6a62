import { pino } from 'pino';

/**
 * One structured line per event. Fields are ids, counts and short reasons;
 * never complaint text, contact details, receipt codes or secrets.
 */
export type Log = (level: 'info' | 'warn' | 'error', event: string, fields?: Record<string, unknown>) => void;

// One JSON line per call on stdout, the level as a word, an ISO time.
const logger = pino({ base: null, timestamp: pino.stdTimeFunctions.isoTime, formatters: { level: (label) => ({ level: label }) } });

/** JSON lines through pino. */
export const jsonLog: Log = (level, event, fields = {}) => logger[level]({ event, ...fields });
