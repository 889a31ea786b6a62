// Runs autocannon in a process of its own and prints its figures as JSON.
//
//   node --import tsx bench/lib/cannon.ts '<json options>'
//
// kind "intake": POST /api/complaints with one valid complaint and a distinct
// Idempotency-Key per request. kind "status": POST /api/complaints/status
// with the receipt codes in `codesFile`, in turn.
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';

export interface CannonOptions {
  url: string;
  kind: 'intake' | 'status';
  connections: number;
  durationSeconds: number;
  /** The JSON body of a complaint (intake). */
  complaint?: Record<string, unknown>;
  /** Distinguishes the keys of one run from another's. */
  keyPrefix?: string;
  /** One receipt code per line (status). */
  codesFile?: string;
}

export interface CannonResult {
  connections: number;
  durationSeconds: number;
  total: number;
  rps: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  statuses: Record<string, number>;
}

const options = JSON.parse(process.argv[2] ?? '{}') as CannonOptions;
let counter = 0;
const codes = options.codesFile ? readFileSync(options.codesFile, 'utf8').split('\n').filter(Boolean) : [];
const path = options.kind === 'status' ? '/api/complaints/status' : '/api/complaints';
const body = options.kind === 'status' ? JSON.stringify({ receiptCode: codes[0] }) : JSON.stringify(options.complaint ?? {});

const result = await autocannon({
  url: options.url,
  connections: options.connections,
  duration: options.durationSeconds,
  pipelining: 1,
  timeout: 10,
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body,
  requests: [
    {
      method: 'POST',
      path,
      setupRequest: (req) => {
        const n = counter++;
        if (options.kind === 'status') return { ...req, body: JSON.stringify({ receiptCode: codes[n % codes.length] }) };
        return { ...req, headers: { ...req.headers, 'content-type': 'application/json', 'idempotency-key': `${options.keyPrefix ?? 'bench'}-${n}` } };
      },
    },
  ],
});

const statuses = Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([code, s]) => [code, s.count]));
const out: CannonResult = {
  connections: options.connections,
  durationSeconds: result.duration,
  total: result.requests.total,
  rps: result.requests.average,
  p50: result.latency.p50,
  p90: result.latency.p90,
  p99: result.latency.p99,
  max: result.latency.max,
  errors: result.errors,
  timeouts: result.timeouts,
  non2xx: result.non2xx,
  statuses,
};
console.log(JSON.stringify(out));
