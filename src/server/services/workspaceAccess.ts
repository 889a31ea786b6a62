import { checkRate } from '../../domain/rateLimit';
import { accessLog, sessionWho } from '../../domain/audit';
import { fromSessionKey, personByAddress, sessionKey, type AccountBody, type Person } from '../../domain/accounts';
import type { Directory } from '../../domain/directory';
import { signInEmail } from '../../domain/emails/signInEmail';
import type { Clock } from '../../ports/clock';
import type { Keys } from '../../ports/keys';
import type { Mailer } from '../../ports/mailer';
import type { Random } from '../../ports/random';
import type { ComplaintStore } from '../../ports/complaintStore';
import type { WorkspaceStore } from '../../ports/workspaceStore';
import type { Log } from '../log';
import type { Client } from './client';
import { whileStoreUp, type OutcomeKind, type Unavailable } from './outcome';

/** A sign-in link works once, for this long. */
export const LINK_MINUTES = 15;
/** A session ends after this long without a request. */
export const IDLE_HOURS = 8;
export { OFFICE } from '../../domain/accounts';
/** Link requests per client and per body per hour. Over either, nothing is sent and the answer is the same. */
export const LINKS_PER_CLIENT = 10;
export const LINKS_PER_BODY = 5;

export type Body = AccountBody;

/**
 * Who is signed in: the body, the registered person whose address the link
 * went to, the session's internal label and hash (never shown, never the
 * cookie) and who it is in words: the person and when they signed in.
 */
export interface SignedIn {
  body: Body;
  person: Person;
  label: string;
  hash: string;
  /** Absent only where a caller builds a SignedIn by hand (bench/): the trail then says 工作台 alone. */
  who?: string;
}

/** The names and roles of a body's people, for the sign-in form's second step (never their addresses). */
export interface Choosing {
  body: Body;
  people: Array<{ name: string; role: string }>;
}

/** Why a workspace page shows no content: the kind (server/outcomes.ts makes it HTTP) and the page's sentence. */
export type Refusal = { ok: false; kind: OutcomeKind; message: string };

/** The sign-in pages' words when the store does not answer. */
const SIGN_IN_UNAVAILABLE = '系统暂时无法处理，请稍后再试。';
const signInDown: Refusal = { ok: false, kind: 'unavailable', message: SIGN_IN_UNAVAILABLE };

/**
 * A link asked for: `ok` whether or not one went out (nobody learns which),
 * `choose` when the body has several people and the form must ask who, or why not.
 */
export type LinkRequest =
  | { kind: 'ok'; body: Body }
  | { kind: 'choose'; body: Body; choose: Choosing }
  | { kind: 'invalid'; error: string; field: 'body' | 'person'; body?: Body; choose?: Choosing }
  | { kind: 'unavailable'; error: string; body: Body };

/** Who acted, in the trail's words: the registered person and when they signed in. */
const whoOf = (person: Person, createdAtMs: number) => `${sessionWho(createdAtMs)}（${person.name}，${person.email}）`;

const TOKEN = /^[A-Za-z0-9_-]{43}$/;
const LINK_REFUSED: Refusal = {
  ok: false,
  kind: 'forbidden',
  message: `这个登录链接已失效：登录链接只能使用一次，发出 ${LINK_MINUTES} 分钟后失效，也可能没有复制完整。请回到登录页重新申请。`,
};

/**
 * Signing in to the workspace by a link mailed to a registered address of a
 * body (content/bureaus.yaml, content/schools.yaml, the office's in
 * content/site.yaml; domain/accounts.ts): the person picks their name, or
 * types their address, which must be registered. An address that is not
 * gets the same answer and no email. Links and sessions are random 256-bit
 * tokens stored only as their keyed hash; both name the person's address.
 */
export function workspaceAccess(deps: {
  store: ComplaintStore;
  sessions: WorkspaceStore;
  keys: Keys;
  clock: Clock;
  random: Random;
  directory: Directory;
  accounts: AccountBody[];
  mailer: Mailer;
  siteUrl: string;
  log: Log;
}) {
  const bodies = deps.accounts;
  const bodyOf = (id: string | undefined) => bodies.find((b) => b.id === id);
  const token = () => Buffer.from(deps.random.bytes(32)).toString('base64url');
  const linkHash = (t: string) => deps.keys.sign(`workspace-link|${t}`);
  const sessionHash = (t: string) => deps.keys.sign(`workspace-session|${t}`);
  const now = () => deps.clock.now().getTime();

  /** Sends in the background: the answer must not take longer when a link goes out than when none does. */
  const mail = (body: Body, person: Person, link: string) => {
    const email = signInEmail(body.name, link, LINK_MINUTES);
    const key = `workspace.signin/${body.id}/${Buffer.from(deps.random.bytes(8)).toString('hex')}`;
    return deps.mailer
      .send({ to: person.email, ...email, idempotencyKey: key })
      .then((sent) => {
        if (!sent.ok) deps.log('warn', 'workspace.signin.mail-failed', { reason: sent.reason });
      })
      .catch((error: unknown) => deps.log('warn', 'workspace.signin.mail-failed', { reason: (error as Error)?.name ?? 'error' }));
  };

  return {
    bodies,
    bodyOf,

    /**
     * Asks for a link. Within both limits a link is stored and mailed;
     * either way the answer is the same, so nobody learns from it whether a
     * link went out.
     */
    async requestLink(fields: Record<string, string>, client: Client): Promise<LinkRequest> {
      const body = bodyOf(fields.body);
      if (!body) return { kind: 'invalid', error: '请选择您所在的单位', field: 'body' };
      const choose = { body, people: body.people.map(({ name, role }) => ({ name, role })) };
      const typed = (fields.address ?? '').trim();
      const index = /^\d{1,3}$/.test(fields.person ?? '') ? Number(fields.person) : -1;
      // The form's first step (`step=body`) of a body with several people asks who; its second must say.
      // Without a step (the API, older forms) the link goes to the body's first address: its own, for a bureau or the office.
      if (body.people.length > 1 && index < 0 && typed === '') {
        if (fields.step === 'body') return { kind: 'choose', body, choose };
        if (fields.step === 'person') return { kind: 'invalid', error: '请选择您的姓名，或填写您在本站登记的邮箱', field: 'person', body, choose };
      }
      if (index >= body.people.length) return { kind: 'invalid', error: '请从列表中选择您的姓名', field: 'person', body, choose };
      // A typed address that is not registered gets the same answer as one that is, and no email.
      const person = typed ? personByAddress(body, typed) : body.people[Math.max(index, 0)];
      return whileStoreUp(
        async (): Promise<LinkRequest> => {
          const perClient = await checkRate(deps, 'workspace-link', client.address, { max: LINKS_PER_CLIENT, windowSeconds: 3600 });
          const perBody = perClient.allowed
            ? await deps.store.hit({ bucket: `workspace-link-body:${body.id}`, max: LINKS_PER_BODY, windowSeconds: 3600 })
            : { kind: 'limited' };
          // Anyone can spend a body's five links, and then its officer waits
          // for the hour to pass: the log says so, so that the operator sees
          // it happen (the body is named; the client is not).
          if (perClient.allowed && perBody.kind !== 'allowed') deps.log('warn', 'workspace.link.body-limited', { body: body.id });
          if (perBody.kind === 'allowed' && person) {
            const t = token();
            const at = now();
            await deps.sessions.saveLink(await linkHash(t), { body: sessionKey(body, person), expiresAt: at + LINK_MINUTES * 60_000 }, at);
            const sending = mail(body, person, `${deps.siteUrl}/bureau/signin/?t=${t}`);
            client.waitUntil?.(sending);
          }
          return { kind: 'ok', body };
        },
        { kind: 'unavailable', error: SIGN_IN_UNAVAILABLE, body },
      );
    },

    /** The page a link opens: it asks to confirm, so that a mail scanner opening the link does not use it up. */
    async linkPage(t: string | null | undefined): Promise<{ ok: true; body: Body; person: Person } | Refusal> {
      if (!t || !TOKEN.test(t)) return LINK_REFUSED;
      return whileStoreUp(async () => {
        const link = await deps.sessions.findLink(await linkHash(t), now());
        const found = fromSessionKey(link?.body, bodies);
        return found ? { ok: true as const, ...found } : LINK_REFUSED;
      }, signInDown);
    },

    /** Uses the link up and opens a session; the cookie's value is the session token. */
    async signIn(t: string | undefined): Promise<{ ok: true; body: Body; cookie: string } | Refusal> {
      if (!t || !TOKEN.test(t)) return LINK_REFUSED;
      return whileStoreUp(async () => {
        const at = now();
        const link = await deps.sessions.takeLink(await linkHash(t), at);
        const found = fromSessionKey(link?.body, bodies);
        if (!found) return LINK_REFUSED;
        const { body, person } = found;
        const cookie = token();
        const hash = await sessionHash(cookie);
        await deps.sessions.openSession(hash, { body: sessionKey(body, person), createdAt: at, expiresAt: at + IDLE_HOURS * 3_600_000 }, at);
        const entry = {
          at: new Date(at).toISOString(),
          body: body.id,
          what: 'signin' as const,
          via: 'workspace' as const,
          session: hash.slice(0, 10),
          who: whoOf(person, at),
        };
        await deps.sessions.recordAccess(accessLog.signIns(body.id), entry, at, deps.directory.retentionDays * 86_400_000);
        return { ok: true as const, body, cookie };
      }, signInDown);
    },

    /** The session a cookie names, kept alive by this request; null when there is none (never signed in, ended, idle, forged). */
    async session(cookie: string | undefined): Promise<SignedIn | null> {
      if (!cookie || !TOKEN.test(cookie)) return null;
      const hash = await sessionHash(cookie);
      const session = await deps.sessions.touchSession(hash, now(), IDLE_HOURS * 3_600_000);
      const found = fromSessionKey(session?.body, bodies);
      return found && session ? { ...found, hash, label: hash.slice(0, 10), who: whoOf(found.person, session.createdAt) } : null;
    },

    /** A body's sign-ins, newest first: shown to the body and to the office. */
    signIns: (body: string) => deps.sessions.accessOf(accessLog.signIns(body), now()),

    /** Ends this session, or with `everywhere` every session of this person (a lost phone). */
    signOut: (signedIn: SignedIn, everywhere: boolean): Promise<{ kind: 'ok' } | Unavailable> =>
      whileStoreUp(async () => {
        if (everywhere) await deps.sessions.endSessionsOf(sessionKey(signedIn.body, signedIn.person), now());
        else await deps.sessions.endSession(signedIn.hash);
        return { kind: 'ok' as const };
      }),
  };
}

export type WorkspaceAccess = ReturnType<typeof workspaceAccess>;
