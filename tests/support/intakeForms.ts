// Helpers for driving the intake over HTTP: valid complaints built from the
// sample content, form posts that pass Astro's origin check, and reading the
// bits of the report pages a person would read.
import { readContent } from './content';

const content = readContent();

/** A sample school and aspect that the build knows. */
export const sampleSchool = content.schools[0]!;
export const sampleAspect = content.aspects[0]!;

/** A complete, valid anonymous complaint as the JSON API takes it. */
export function validComplaint(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    school: sampleSchool.id,
    aspect: sampleAspect.id,
    description: '学校周六组织全年级集体补课，每人收费两百元。',
    occurredOn: '2025-03-01',
    anonymous: true,
    ...overrides,
  };
}

export const postJson = (url: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body) });

/** A url-encoded form post from a page of `origin`, as a browser would send it. */
export const postForm = (url: string, fields: Record<string, string>, headers: Record<string, string> = {}) =>
  fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: new URL(url).origin, ...headers },
    body: new URLSearchParams(fields).toString(),
    redirect: 'manual',
  });

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos|#39);/gi, (_, entity: string) => {
    const e = entity.toLowerCase();
    if (e.startsWith('#x')) return String.fromCodePoint(parseInt(e.slice(2), 16));
    if (e.startsWith('#')) return String.fromCodePoint(Number(e.slice(1)));
    return { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }[e] ?? `&${entity};`;
  });
}

const attribute = (tag: string, name: string) => {
  const match = new RegExp(`\\s${name}="([^"]*)"`).exec(tag);
  return match ? decodeEntities(match[1]!) : undefined;
};

/** The hidden fields of a page (the check-answers page carries the answers and the formKey in them). */
export function hiddenFields(html: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const [tag] of html.matchAll(/<input\b[^>]*>/g)) {
    if (attribute(tag, 'type') !== 'hidden') continue;
    const name = attribute(tag, 'name');
    if (name) fields[name] = attribute(tag, 'value') ?? '';
  }
  return fields;
}

/** The text inside the first element carrying a data attribute, e.g. `data-reference`. */
export function textOf(html: string, dataAttribute: string): string | undefined {
  const match = new RegExp(`<[a-z]+\\b[^>]*\\s${dataAttribute}(?:="[^"]*")?[^>]*>([^<]*)<`).exec(html);
  return match ? decodeEntities(match[1]!).trim() : undefined;
}

export const titleOf = (html: string) => decodeEntities(/<title>([^<]*)<\/title>/.exec(html)?.[1] ?? '');
