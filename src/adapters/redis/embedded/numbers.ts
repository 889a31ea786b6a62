// Numbers as Redis reads and writes them. Redis is strict where JavaScript is
// lenient (Number(" 1") is 1, Number("") is 0, "007" parses): copying Redis's
// parsers keeps "007" a string that INCR refuses, on every transport alike.
import { CommandError, NOT_FLOAT, NOT_INTEGER } from './errors';

export const INT64_MIN = -(2n ** 63n);
export const INT64_MAX = 2n ** 63n - 1n;

/** Redis's string2ll: optional minus, no plus, no leading zeros, no spaces, within int64. */
export function toInt64(text: string): bigint | undefined {
  if (text === '0') return 0n;
  if (text.length > 20 || !/^-?[1-9][0-9]*$/.test(text)) return undefined;
  const value = BigInt(text);
  return value < INT64_MIN || value > INT64_MAX ? undefined : value;
}

export function parseInt64(text: string, message = NOT_INTEGER): bigint {
  const value = toInt64(text);
  if (value === undefined) throw new CommandError(message);
  return value;
}

/** An int64 argument used as an index or count; precision past 2^53 is irrelevant there. */
export function parseIndex(text: string): number {
  return Number(parseInt64(text));
}

/**
 * Redis's strtod-based parser: the whole text must be a decimal number or an
 * infinity, with no surrounding space; NaN, overflow to infinity and underflow
 * to zero are refused. (Hexadecimal floats, which C's strtod also takes, are not.)
 */
export function toDouble(text: string): number | undefined {
  if (/^[+-]?inf(inity)?$/i.test(text)) return text.startsWith('-') ? -Infinity : Infinity;
  const match = /^[+-]?(?:(\d+)\.?(\d*)|\.(\d+))(?:e[+-]?\d+)?$/i.exec(text);
  if (!match) return undefined;
  const value = Number(text);
  if (!Number.isFinite(value)) return undefined;
  const digits = (match[1] ?? '') + (match[2] ?? '') + (match[3] ?? '');
  if (value === 0 && /[1-9]/.test(digits)) return undefined;
  return value;
}

export function parseDouble(text: string, message = NOT_FLOAT): number {
  const value = toDouble(text);
  if (value === undefined) throw new CommandError(message);
  return value;
}

/**
 * A score as Redis 7.0 prints it: C's "%.17g" ("1.1" reads back as
 * "1.1000000000000001"), "inf"/"-inf", and "0" for negative zero. Integers and
 * binary fractions such as 1.5 print plainly, the same as later Redis versions.
 */
export function formatDouble(value: number): string {
  if (Number.isNaN(value)) return 'nan';
  if (value === Infinity) return 'inf';
  if (value === -Infinity) return '-inf';
  if (value === 0) return '0';
  const [mantissa = '', exponentText = '0'] = value.toExponential(16).split('e');
  const exponent = Number(exponentText);
  if (exponent < -4 || exponent >= 17) {
    const sign = exponent < 0 ? '-' : '+';
    return `${trimFraction(mantissa)}e${sign}${String(Math.abs(exponent)).padStart(2, '0')}`;
  }
  return trimFraction(value.toFixed(16 - exponent));
}

function trimFraction(text: string): string {
  return text.includes('.') ? text.replace(/0+$/, '').replace(/\.$/, '') : text;
}

/** A score written so that parsing it gives back the same double (for the log and snapshots). */
export function exactDouble(value: number): string {
  if (value === Infinity) return '+inf';
  if (value === -Infinity) return '-inf';
  return String(value);
}
