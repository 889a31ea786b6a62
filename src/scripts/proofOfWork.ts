// The proof of work of a parent whose address (a school's Wi-Fi, a carrier's
// NAT) has used up its plain filing limit. The check page shows the refusal
// with a hidden `[data-proof]` block; this script fetches a challenge from
// the site itself (/api/challenge, ALTCHA's format), finds the number with
// WebCrypto's SHA-256 and puts the solution in the form's `proof` field. No
// third party, no cookie; without JavaScript (or WebCrypto, which needs
// https) the block stays hidden and the page says to wait, as before.

interface Challenge {
  algorithm: string;
  challenge: string;
  maxnumber: number;
  salt: string;
  signature: string;
}

/** Hashes tried at once: WebCrypto answers in promises, so a batch keeps it busy without one await per hash. */
const BATCH = 500;

const hex = (buffer: ArrayBuffer) => Array.from(new Uint8Array(buffer), (b) => b.toString(16).padStart(2, '0')).join('');

async function solve(c: Challenge): Promise<number | null> {
  const encoder = new TextEncoder();
  for (let start = 0; start <= c.maxnumber; start += BATCH) {
    const numbers = Array.from({ length: Math.min(BATCH, c.maxnumber - start + 1) }, (_, i) => start + i);
    const hashes = await Promise.all(numbers.map((n) => crypto.subtle.digest('SHA-256', encoder.encode(c.salt + n))));
    const found = hashes.findIndex((h) => hex(h) === c.challenge);
    if (found >= 0) return numbers[found]!;
  }
  return null;
}

async function prove(block: HTMLElement) {
  const field = block.querySelector<HTMLInputElement>('input[name="proof"]');
  const status = block.querySelector<HTMLElement>('[data-proof-status]');
  if (!field || !status || !globalThis.crypto?.subtle) return;
  block.hidden = false;
  status.textContent = '同一网络提交的举报较多，正在自动完成一项安全验证，通常只需几秒……';
  try {
    const response = await fetch('/api/challenge', { cache: 'no-store', credentials: 'omit' });
    if (!response.ok) throw new Error(String(response.status));
    const challenge = (await response.json()) as Challenge;
    const number = await solve(challenge);
    if (number === null) throw new Error('unsolved');
    const { algorithm, salt, signature } = challenge;
    field.value = btoa(JSON.stringify({ algorithm, challenge: challenge.challenge, number, salt, signature }));
    block.dataset.proof = 'solved';
    status.textContent = '安全验证已完成。请再点一次“确认提交举报”。';
  } catch {
    status.textContent = '安全验证没有完成。请过一段时间再提交，您填写的内容还在本页。';
  }
}

const block = document.querySelector<HTMLElement>('[data-proof]');
if (block) void prove(block);
