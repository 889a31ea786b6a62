import { transfersOf, verifyAnswerToken } from '../../domain/answerLink';
import { openParentWords } from '../../domain/parentWords';
import { publicView, type PublicView } from '../../domain/publicView';
import { chinaDate } from '../../domain/deadlines';
import type { ComplaintPrivate, ComplaintRecord } from '../../domain/complaint';
import type { Directory } from '../../domain/directory';
import type { Clock } from '../../ports/clock';
import type { Keys } from '../../ports/keys';
import type { ComplaintStore } from '../../ports/complaintStore';
import type { FormBody } from '../http';
import { postBureauAction, type ActOnComplaint, type Posted } from './actions';
import type { Client } from './client';
import { whileStoreUp, type OutcomeKind } from './outcome';

/** What the page shows (`show`) and the kind it answers with: `ok`, or why the link or the action was refused. */
export type AnswerOutcome =
  | { show: 'refusal'; kind: OutcomeKind; message: string }
  | {
      show: 'complaint';
      kind: OutcomeKind;
      /** The signed link's token, carried in each action form's body. */
      token: string;
      record: ComplaintRecord;
      view: PublicView;
      hidden: ComplaintPrivate;
      done?: string;
      problem?: string;
      /** A refused answer's text and finding, shown again in its form. */
      posted?: Posted;
      /** Transferred away by this very action: the page offers no more actions. */
      transferred: boolean;
    };

const refused = (kind: OutcomeKind, message: string): AnswerOutcome => ({ show: 'refusal', kind, message });

/**
 * The bureau's page behind the signed link in its email. No account: the
 * link is the credential, scoped to one complaint and one bureau, and it
 * expires. It travels back in the form body on every action.
 */
export function answerPageService(deps: { keys: Keys; store: ComplaintStore; clock: Clock; directory: Directory; act: ActOnComplaint }) {
  return async (request: { query: URLSearchParams; body?: FormBody; client: Client }): Promise<AnswerOutcome> => {
    const { body } = request;
    if (body && !body.ok) return refused(body.kind, Object.values(body.errors)[0] ?? '提交的内容无法读取。');
    const token = body ? body.fields.t : request.query.get('t');
    const check = await verifyAnswerToken(deps.keys, token, deps.clock.now());
    if (!check.ok)
      return refused(
        'forbidden',
        check.reason === 'expired' ? '这个链接已过期。请联系市教育局获取新的链接。' : '这个链接无效：可能不完整或被改动过。请从邮件中完整复制链接。',
      );
    return whileStoreUp(
      async (): Promise<AnswerOutcome> => {
        const found = await deps.store.byReference(check.reference);
        if (!found) return refused('not-found', '找不到这件举报，它可能已过保存期限。');
        if (found.bureau !== check.bureau || transfersOf(found) !== check.transfers)
          return refused('forbidden', '这件举报已转交其他单位办理，这个链接不再有效。');
        const { record, ...said } = body
          ? await postBureauAction(deps.act, found, {
              fields: body.fields,
              bureau: check.bureau,
              client: request.client,
              source: { via: 'link' },
              transferred: '已转办，接收单位会收到邮件通知。本链接此后失效。',
            })
          : { record: found, kind: 'ok' as const };
        const hidden = JSON.parse(await deps.keys.open(record.sealed)) as ComplaintPrivate;
        // The bureau reads the parent's dispute reasons in the history too.
        const view = publicView(await openParentWords(deps.keys, record), deps.directory, chinaDate(deps.clock.now()));
        return {
          show: 'complaint',
          ...said,
          token: String(token),
          record,
          view,
          hidden,
          transferred: transfersOf(record) !== check.transfers,
        };
      },
      refused('unavailable', '系统暂时无法读取，请稍后再试。'),
    );
  };
}
