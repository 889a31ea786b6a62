/**
 * Who may sign in to the workspace, from content/: every body (a bureau, the
 * supervision office, a school) with its registered people. No passwords:
 * the sign-in link goes to a registered address only, and whoever reads that
 * mailbox acts as that person; the audit trail names the address.
 */
export interface Person {
  email: string;
  name: string;
  role: string;
}

export interface AccountBody {
  /** A bureau's id, `@office`, or `school:<id>` (school and bureau ids may coincide in content). */
  id: string;
  name: string;
  kind: 'bureau' | 'office' | 'school';
  /** The registered people; the first of a bureau or the office is its own address. */
  people: Person[];
}

/** The supervision office's id among the bodies: not a valid content id, so no bureau can take it. */
export const OFFICE = '@office';
export const schoolBody = (school: string) => `school:${school}`;

interface Source {
  bureaus: ReadonlyArray<{ id: string; name: string; email: string; officers: Person[] }>;
  schools: ReadonlyArray<{ id: string; name: string; officers: Person[] }>;
  supervisor: { name: string; email: string; officers: Person[] };
}

const own = (email: string): Person => ({ email, name: '单位公务邮箱', role: '本单位' });
const person = ({ email, name, role }: Person): Person => ({ email, name, role });

/** Every body that can sign in; a school without registered people has no account. */
export function accountsFrom(content: Source): AccountBody[] {
  return [
    ...content.bureaus.map((b) => ({ id: b.id, name: b.name, kind: 'bureau' as const, people: [own(b.email), ...b.officers.map(person)] })),
    { id: OFFICE, name: content.supervisor.name, kind: 'office' as const, people: [own(content.supervisor.email), ...content.supervisor.officers.map(person)] },
    ...content.schools
      .filter((s) => s.officers.length > 0)
      .map((s) => ({ id: schoolBody(s.id), name: s.name, kind: 'school' as const, people: s.officers.map(person) })),
  ];
}

/** The person a typed address names among a body's people (addresses compare without case), if any. */
export const personByAddress = (body: AccountBody, typed: string) => body.people.find((p) => p.email.toLowerCase() === typed.trim().toLowerCase());

/**
 * What a link and a session store as their `body`: the body and the person's
 * address, so that the session knows who acts. A space: never in a body id or
 * an address, and not the '|' the Redis store puts after a link's body.
 */
export const sessionKey = (body: AccountBody, person: Person) => `${body.id} ${person.email}`;

/** The body and person of a stored key; a key from before people were registered names the body's own address. */
export function fromSessionKey(key: string | undefined, bodies: readonly AccountBody[]): { body: AccountBody; person: Person } | undefined {
  if (!key) return undefined;
  const space = key.indexOf(' ');
  const [id, address] = space < 0 ? [key, undefined] : [key.slice(0, space), key.slice(space + 1)];
  const body = bodies.find((b) => b.id === id);
  const found = body && (address === undefined ? body.people[0] : personByAddress(body, address));
  return body && found ? { body, person: found } : undefined;
}
