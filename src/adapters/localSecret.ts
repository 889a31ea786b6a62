import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';

/**
 * The embedded default's site secret: generated on first start and kept in
 * the data folder (mode 600), so receipt codes and sealed contacts stay
 * readable after a restart. Real deployments set SITE_SECRET instead.
 */
export async function localSiteSecret(dataDir: string): Promise<string> {
  const file = join(dataDir, 'site-secret');
  try {
    const existing = (await readFile(file, 'utf8')).trim();
    if (existing.length >= 32) return existing;
  } catch {
    // first start: fall through and create it
  }
  await mkdir(dataDir, { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  try {
    await writeFile(file, secret, { mode: 0o600, flag: 'wx' });
    return secret;
  } catch {
    // Another process created it first: use theirs.
    return (await readFile(file, 'utf8')).trim();
  }
}
