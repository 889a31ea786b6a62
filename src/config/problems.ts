// How a zod failure of the environment becomes the lines a start-up prints
// (config/env.ts, config/evidence.ts): one line per variable, naming it and
// what is expected, never its value. Node 24 imports this file directly
// (type stripping): erasable TypeScript only.
import type { z } from 'astro/zod';

/** `Invalid environment variable NAME: what is expected`, the first issue of each variable, in the schema's order. */
export function problemLines(issues: z.core.$ZodIssue[]): string[] {
  const byName = new Map<string, string>();
  for (const issue of issues) byName.set(String(issue.path[0]), byName.get(String(issue.path[0])) ?? issue.message);
  return [...byName].map(([name, message]) => `Invalid environment variable ${name}: ${message}`);
}
