import { checkRate } from '../../domain/rateLimit';
import { fromSessionKey, personByAddress, sessionKey, type AccountBody, type Person } from '../../domain/accounts';
import { signInEmail } from '../../domain/emails/signInEmail';
import type { Clock } from '../../ports/clock';
import type { Keys } from '../../ports/keys';
import type { Mailer } from '../../ports/mailer';
import type { Random } from '../../ports/random';
import { StoreUnavailableError, type ComplaintStore } from '../../ports/complaintStore';
import type { WorkspaceStore } from '../../ports/workspaceStore';
import type { Log } from '../log';
import type { Client } from './client';

/** A sign-in link works once, for this long. */
export const LINK_MINUTES = 15;
/** A session ends after this long without a request. */
export const IDLE_HOURS = 8;
export { OFFICE } from '../../domain/accounts';
/** Link requests per client and per body per hour. Over either, nothing is sent and the answer is the same. */
export const LINKS_PER_CLIENT = 10;
export const LINKS_PER_BODY = 5;

export type Body = AccountBody;

/** Who is signed in: the body, the registered person whose address the link went to, and the session's public label (never the cookie). */
export interface SignedIn {
  body: Body;
  person: Person;
  label: string;
  hash: string;
}

/** The names and roles of a body's people, for the sign-in form's second step (never their addresses). */
export interface Choosing {
  body: Body;
  people: Array<{ name: string; role: string }>;
}

export type Refusal = { ok: false; status: number; message: string };

const TOKEN = /^[A-Za-z0-9_-]{43}$/;
const LINK_REFUSED: Refusal = { ok: false, status: 403, message: `这个登录链接已失效：登录链接只能使用一次，发出 ${LINK_MINUTES} 分钟后失效，也可能没有复制完整。请回到登录页重新申请。` };

/**
 * Signing in to the workspace by a link mailed to a registered address of a
 * body (content/bureaus.yaml, content/schools.yaml, the office's in
 * content/site.yaml; domain/accounts.ts): the person picks their name, or
 * types their address, which must be registered. An address that is not
 * gets the same answer and no email. Links and sessions are random 256-bit
 * tokens stored only as their keyed hash; both name the person's address.
 */
export function workspaceAccess(deps: { store: ComplaintStore; sessions: WorkspaceStore; keys: Keys; clock: Clock; random: Random; accounts: AccountBody[]; mailer: Mailer; siteUrl: string; log: Log }) {
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
    async requestLink(fields: Record<string, string>, client: Client): Promise<{ status: 200 | 422 | 503; error?: string; field?: string; body?: Body; choose?: Choosing }> {
      const body = bodyOf(fields.body);
      if (!body) return { status: 422, error: '请选择您所在的单位', field: 'body' };
      const choose = { body, people: body.people.map(({ name, role }) => ({ name, role })) };
      const typed = (fields.address ?? '').trim();
      const index = /^\d{1,3}$/.test(fields.person ?? '') ? Number(fields.person) : -1;
      // The form's first step (`step=body`) of a body with several people asks who; its second must say.
      // Without a step (the API, older forms) the link goes to the body's first address: its own, for a bureau or the office.
      if (body.people.length > 1 && index < 0 && typed === '') {
        if (fields.step === 'body') return { status: 200, body, choose };
        if (fields.step === 'person') return { status: 422, error: '请选择您的姓名，或填写您在本站登记的邮箱', field: 'person', body, choose };
      }
      if (index >= body.people.length) return { status: 422, error: '请从列表中选择您的姓名', field: 'person', body, choose };
      // A typed address that is not registered gets the same answer as one that is, and no email.
      const person = typed ? personByAddress(body, typed) : body.people[Math.max(index, 0)];
      try {
        const perClient = await checkRate(deps, 'workspace-link', client.address, { max: LINKS_PER_CLIENT, windowSeconds: 3600 });
        const perBody = perClient.allowed ? await deps.store.hit({ bucket: `workspace-link-body:${body.id}`, max: LINKS_PER_BODY, windowSeconds: 3600 }) : { kind: 'limited' };
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
        return { status: 200, body };
      } catch (error) {
        if (error instanceof StoreUnavailableError) return { status: 503, error: '系统暂时无法处理，请稍后再试。', body };
        throw error;
      }
    },

    /** The page a link opens: it asks to confirm, so that a mail scanner opening the link does not use it up. */
    async linkPage(t: string | null | undefined): Promise<{ ok: true; body: Body; person: Person } | Refusal> {
      if (!t || !TOKEN.test(t)) return LINK_REFUSED;
      const link = await deps.sessions.findLink(await linkHash(t), now());
      const found = fromSessionKey(link?.body, bodies);
      return found ? { ok: true, ...found } : LINK_REFUSED;
    },

    /** Uses the link up and opens a session; the cookie's value is the session token. */
    async signIn(t: string | undefined): Promise<{ ok: true; body: Body; cookie: string } | Refusal> {
      if (!t || !TOKEN.test(t)) return LINK_REFUSED;
      const at = now();
      const link = await deps.sessions.takeLink(await linkHash(t), at);
      const found = fromSessionKey(link?.body, bodies);
      if (!found) return LINK_REFUSED;
      const cookie = token();
      await deps.sessions.openSession(await sessionHash(cookie), { body: sessionKey(found.body, found.person), createdAt: at, expiresAt: at + IDLE_HOURS * 3_600_000 }, at);
      return { ok: true, body: found.body, cookie };
    },

    /** The session a cookie names, kept alive by this request; null when there is none (never signed in, ended, idle, forged). */
    async session(cookie: string | undefined): Promise<SignedIn | null> {
      if (!cookie || !TOKEN.test(cookie)) return null;
      const hash = await sessionHash(cookie);
      const session = await deps.sessions.touchSession(hash, now(), IDLE_HOURS * 3_600_000);
      const found = fromSessionKey(session?.body, bodies);
      return found ? { ...found, hash, label: hash.slice(0, 10) } : null;
    },

    /** Ends this session, or with `everywhere` every session of this person (a lost phone). */
    async signOut(signedIn: SignedIn, everywhere: boolean): Promise<void> {
      if (everywhere) await deps.sessions.endSessionsOf(sessionKey(signedIn.body, signedIn.person), now());
      else await deps.sessions.endSession(signedIn.hash);
    },
  };
}

export type WorkspaceAccess = ReturnType<typeof workspaceAccess>;
