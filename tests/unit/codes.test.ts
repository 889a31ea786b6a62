import { describe, expect, it } from 'vitest';
import { newReceiptCode, newReference, normaliseReceiptCode, RECEIPT_LENGTH } from '../../src/domain/codes';
import { acceptBy, addDays, chinaDate, daysBetween } from '../../src/domain/deadlines';
import { cryptoRandom, type Random } from '../../src/ports/random';

const fixed = (byte: number): Random => ({ bytes: (n) => new Uint8Array(n).fill(byte) });

describe('receipt codes', () => {
  it('carry at least 80 bits: 20 symbols of 32', () => {
    expect(RECEIPT_LENGTH * Math.log2(32)).toBeGreaterThanOrEqual(80);
    expect(newReceiptCode(cryptoRandom)).toMatch(/^[0-9A-HJKMNP-TV-Z]{5}(-[0-9A-HJKMNP-TV-Z]{5}){3}$/);
  });

  it('differ every time', () => {
    const codes = new Set(Array.from({ length: 1000 }, () => newReceiptCode(cryptoRandom)));
    expect(codes.size).toBe(1000);
  });

  it.each([
    ['7k3m9 q2pxa b4rtv 8hj6n', '7K3M9-Q2PXA-B4RTV-8HJ6N'],
    ['7K3M9-Q2PXA-B4RTV-8HJ6N', '7K3M9-Q2PXA-B4RTV-8HJ6N'],
    ['oK3M9Q2PXAB4RTV8HJ6I', '0K3M9-Q2PXA-B4RTV-8HJ61'],
    ['7K3M9-Q2PXA-B4RTV', undefined],
    ['7K3M9-Q2PXA-B4RTV-8HJ6U', undefined],
    ['', undefined],
  ])('%j is read as %j', (typed, canonical) => {
    expect(normaliseReceiptCode(typed)).toBe(canonical);
  });
});

describe('references', () => {
  it('carry the day and never look like a number', () => {
    expect(newReference(fixed(1), '2026-11-27')).toBe('JB-20261127-11111111');
    expect(newReference(cryptoRandom, '2026-11-27')).toMatch(/^JB-20261127-[0-9A-Z]{8}$/);
  });
});

describe('deadlines', () => {
  it.each([
    ['2026-11-27T01:00:00Z', 15, '2026-12-12'],
    // 23:30 in Beijing on the 27th is still the 27th there, even though UTC says the 27th too…
    ['2026-11-27T15:30:00Z', 15, '2026-12-12'],
    // …and 00:30 in Beijing on the 28th is the 28th, while UTC still says the 27th.
    ['2026-11-27T16:30:00Z', 15, '2026-12-13'],
    ['2026-12-20T00:00:00Z', 15, '2027-01-04'],
  ])('filed at %s, accept by day %i after: %s', (filed, days, expected) => {
    expect(acceptBy(new Date(filed), days)).toBe(expected);
  });

  it('adds and counts calendar days', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2026-12-31', 60)).toBe('2027-03-01');
    expect(daysBetween('2026-11-27', '2026-12-12')).toBe(15);
    expect(daysBetween('2026-12-12', '2026-11-27')).toBe(-15);
    expect(chinaDate(new Date('2026-11-27T16:00:00Z'))).toBe('2026-11-28');
  });
});
