import type { AccountBody } from '../../domain/accounts';
import { schoolBody } from '../../domain/accounts';
import { noticeEmail, type NoticeEmailKind } from '../../domain/emails/noticeEmail';
import type { NoticeAudit, NoticeRecord } from '../../domain/notices/model';
import type { ComplaintStore } from '../../ports/complaintStore';
import type { Dispatcher } from '../dispatcher';

/**
 * The emails of notices, queued through the complaint store's job queue and
 * sent by the one dispatcher (leases, retries, the job id as the mailer's
 * idempotency key): one job per saved step, `notice.mail/<id>/<revision>`,
 * so a step is told exactly once. To the school: the address that submitted,
 * else its first registered person. To the bureau: its own address.
 */
export function noticeMail(deps: { store: ComplaintStore; dispatcher: Pick<Dispatcher, 'kick'>; accounts: AccountBody[]; siteUrl: string }) {
  const bodyOf = (id: string) => deps.accounts.find((b) => b.id === id);
  return async (kind: NoticeEmailKind, record: NoticeRecord, audit: NoticeAudit, trail: NoticeAudit[]): Promise<void> => {
    const title = (record.pending ?? record.versions.at(-1))?.content.title ?? record.id;
    const school = record.owner.kind === 'school' ? bodyOf(schoolBody(record.owner.school)) : undefined;
    const url = `${deps.siteUrl}/bureau/notices/notice/?id=${record.id}`;
    let to: { name: string; email: string } | undefined;
    if (kind === 'progress') {
      const bureau = record.bureau ? bodyOf(record.bureau) : undefined;
      to = bureau && { name: bureau.name, email: bureau.people[0]!.email };
    } else if (school) {
      const submitter = trail.findLast((a) => (a.action === 'submit' || a.action === 'correct') && a.address)?.address;
      const person = school.people.find((p) => p.email === submitter) ?? school.people[0];
      to = person && { name: school.name, email: person.email };
    }
    if (!to) return;
    const row = audit.row ? record.versions.at(-1)?.content.ledger?.find((r) => r.item === audit.row) : undefined;
    const status = audit.row ? record.progress[audit.row]?.at(-1)?.status : undefined;
    const mail = noticeEmail(kind, {
      to: to.name,
      title,
      url,
      ...(audit.reason ? { reason: audit.reason } : {}),
      ...(school ? { school: school.name } : {}),
      ...(row ? { row: row.problem } : {}),
      ...(status ? { status } : {}),
    });
    await deps.store.enqueue({
      id: `notice.mail/${record.id}/${audit.revision}`,
      event: 'notice.mail',
      createdAt: audit.at,
      attempts: 0,
      payload: { to: to.email, ...mail },
    });
    void deps.dispatcher.kick();
  };
}

export type NoticeMail = ReturnType<typeof noticeMail>;
