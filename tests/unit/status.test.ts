// The status machine of src/domain/status.ts as tables: every status ×
// action × actor, the legal clocks with an injected time, the notifications
// each action queues, and the pending-deadline arithmetic. The expected
// tables are written out by hand (DOMAIN.md's clocks: 15 days to accept, 60
// to answer, one extension of 30, 30 to review), never derived from the code
// under test.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { applyAction, daysOverdue, pendingDeadline, statusLabel, TRANSITIONS, type Actor, type ComplaintAction } from '../../src/domain/status';
import { publicView } from '../../src/domain/publicView';
import { caseRow } from '../../src/domain/caseload';
import type { ComplaintRecord, ComplaintStatus, NotificationJob } from '../../src/domain/complaint';
import { complaintRecord } from '../support/complaintRecord';
import { smallDirectory } from '../support/directory';

const REF = 'JB-20260301-7K3M9Q2P';
/** 01:30 on 10 March 2026 in China, still 9 March in UTC: deadlines count China's days. */
const NOW = new Date('2026-03-09T17:30:00Z');

const directory = smallDirectory();

const STATUSES: ComplaintStatus[] = ['submitted', 'accepted', 'rejected', 'resolved', 'confirmed', 'disputed'];
type ActionType = ComplaintAction['type'];
type ActorName = 'bureau' | 'other bureau' | 'parent';

/** A valid instance of each action, so that only the status machine can refuse it. */
const ACTIONS: Record<ActionType, ComplaintAction> = {
  accept: { type: 'accept' },
  reject: { type: 'reject', reason: '不属于本次专项治理范围' },
  transfer: { type: 'transfer', to: 'guoyang', reason: '学校由涡阳县教育局主管' },
  extend: { type: 'extend', reason: '需要调取学校的收费账目' },
  resolve: { type: 'resolve', answer: '经查属实，已责令学校停止补课并全额退费。', finding: 'substantiated' },
  confirm: { type: 'confirm' },
  dispute: { type: 'dispute', reason: '学校这个周六仍在补课' },
  escalate: { type: 'escalate' },
  rate: { type: 'rate', rating: 'basically' },
  followUp: { type: 'followUp', answer: 'fixed' },
  ask: { type: 'ask', question: '请问补课是在哪个年级、哪一天？' },
  reply: { type: 'reply', text: '六年级，每个周六上午。' },
};

/** The follow-up question is due 30 days after closure (content/site.yaml's followUpDays): asked in the table on a day past it. */
const FOLLOW_UP_NOW = new Date('2026-04-20T02:00:00Z');
const nowFor = (action: ActionType) => (action === 'followUp' ? FOLLOW_UP_NOW : NOW);

const ACTORS: Record<ActorName, Actor> = {
  bureau: { kind: 'bureau', bureau: 'qiaocheng' },
  'other bureau': { kind: 'bureau', bureau: 'guoyang' },
  parent: { kind: 'parent' },
};

/** The legal moves (DOMAIN.md): who may do what from where, and where it leads. */
const ALLOWED: Record<ComplaintStatus, Partial<Record<ActionType, { by: 'bureau' | 'parent'; to: ComplaintStatus }>>> = {
  submitted: {
    accept: { by: 'bureau', to: 'accepted' },
    reject: { by: 'bureau', to: 'rejected' },
    transfer: { by: 'bureau', to: 'submitted' },
    escalate: { by: 'parent', to: 'submitted' },
    ask: { by: 'bureau', to: 'submitted' },
    reply: { by: 'parent', to: 'submitted' },
  },
  accepted: {
    extend: { by: 'bureau', to: 'accepted' },
    resolve: { by: 'bureau', to: 'resolved' },
    escalate: { by: 'parent', to: 'accepted' },
    ask: { by: 'bureau', to: 'accepted' },
    reply: { by: 'parent', to: 'accepted' },
  },
  resolved: {
    confirm: { by: 'parent', to: 'confirmed' },
    dispute: { by: 'parent', to: 'disputed' },
    rate: { by: 'parent', to: 'confirmed' },
    followUp: { by: 'parent', to: 'resolved' },
  },
  disputed: {
    resolve: { by: 'bureau', to: 'resolved' },
    escalate: { by: 'parent', to: 'disputed' },
    ask: { by: 'bureau', to: 'disputed' },
    reply: { by: 'parent', to: 'disputed' },
  },
  rejected: {},
  confirmed: { followUp: { by: 'parent', to: 'confirmed' } },
};

const at = (iso: string) => new Date(iso).toISOString();

/** A stored complaint in `status`, as the machine would have left it. */
function record(status: ComplaintStatus, overrides: Partial<ComplaintRecord> = {}): ComplaintRecord {
  const filed = { at: at('2026-03-01T02:00:00Z'), type: 'filed' as const, bureau: 'qiaocheng' };
  const accepted = { at: at('2026-03-02T02:00:00Z'), type: 'accepted' as const, bureau: 'qiaocheng' };
  const resolved = { at: at('2026-03-05T02:00:00Z'), type: 'resolved' as const, bureau: 'qiaocheng', note: '已责令整改。' };
  const history = {
    submitted: [filed],
    accepted: [filed, accepted],
    rejected: [filed, { at: at('2026-03-02T02:00:00Z'), type: 'rejected' as const, bureau: 'qiaocheng', note: '不属于受理范围' }],
    resolved: [filed, accepted, resolved],
    confirmed: [filed, accepted, resolved, { at: at('2026-03-06T02:00:00Z'), type: 'confirmed' as const, bureau: 'qiaocheng' }],
    disputed: [filed, accepted, resolved, { at: at('2026-03-06T02:00:00Z'), type: 'disputed' as const, bureau: 'qiaocheng', note: '仍在补课' }],
  }[status];
  const closed = status === 'rejected' || status === 'resolved' || status === 'confirmed';
  return complaintRecord({
    reference: REF,
    aspect: 'holiday-classes',
    sealed: 'v1.sealed',
    status,
    filedAt: at('2026-03-01T02:00:00Z'),
    acceptBy: '2026-03-16',
    ...(status === 'submitted' || status === 'rejected' ? {} : { resolveBy: status === 'disputed' ? '2026-04-05' : '2026-05-01' }),
    history,
    ...(closed ? { closedAt: history.at(-1)!.at } : {}),
    ...overrides,
  });
}

/** The same complaint with a question of the bureau waiting for the parent (what a reply needs). */
function asked(rec: ComplaintRecord): ComplaintRecord {
  return { ...rec, history: [...rec.history, { at: at('2026-03-07T02:00:00Z'), type: 'asked', bureau: rec.bureau, note: '请问是哪个年级？' }] };
}

function mustApply(rec: ComplaintRecord, action: ComplaintAction, actor: Actor, now = NOW) {
  const outcome = applyAction(rec, action, actor, now, directory);
  if (!outcome.ok) throw new Error(`refused: ${outcome.error}`);
  return outcome;
}

describe('TRANSITIONS', () => {
  it('is the table of legal moves, and nothing else', () => {
    expect(TRANSITIONS).toEqual(ALLOWED);
  });
});

describe('every status × action × actor', () => {
  const cases = STATUSES.flatMap((status) =>
    (Object.keys(ACTIONS) as ActionType[]).flatMap((action) =>
      (Object.keys(ACTORS) as ActorName[]).map((actor) => {
        const rule = ALLOWED[status][action];
        const allowed = rule !== undefined && rule.by === ACTORS[actor].kind && actor !== 'other bureau';
        const error = rule?.by === 'bureau' && actor === 'other bureau' ? '这件举报已不由贵单位办理' : '这件举报当前状态下不能执行此操作';
        // At NOW no deadline has passed: a request for supervision is refused for that reason (its own tests below move the clock).
        if (allowed && action === 'escalate') return { status, action, actor, expected: 'refused: 还没有超过办理期限，暂时不能请求督办' };
        return { status, action, actor, expected: allowed ? rule.to : `refused: ${error}` };
      }),
    ),
  );

  it('allows exactly these moves', () => {
    expect(cases.filter((c) => !c.expected.startsWith('refused')).map((c) => `${c.status} · ${c.action} by ${c.actor} → ${c.expected}`)).toEqual([
      'submitted · accept by bureau → accepted',
      'submitted · reject by bureau → rejected',
      'submitted · transfer by bureau → submitted',
      'submitted · ask by bureau → submitted',
      'submitted · reply by parent → submitted',
      'accepted · extend by bureau → accepted',
      'accepted · resolve by bureau → resolved',
      'accepted · ask by bureau → accepted',
      'accepted · reply by parent → accepted',
      'resolved · confirm by parent → confirmed',
      'resolved · dispute by parent → disputed',
      'resolved · rate by parent → confirmed',
      'resolved · followUp by parent → resolved',
      'confirmed · followUp by parent → confirmed',
      'disputed · resolve by bureau → resolved',
      'disputed · ask by bureau → disputed',
      'disputed · reply by parent → disputed',
    ]);
  });

  it.each(cases)('$status · $action by $actor → $expected', ({ status, action, actor, expected }) => {
    // A reply answers a question: the table gives it one to answer, so that only the status machine refuses it.
    const before = action === 'reply' ? asked(record(status)) : record(status);
    const snapshot = structuredClone(before);
    const outcome = applyAction(before, ACTIONS[action], ACTORS[actor], nowFor(action), directory);
    expect(outcome.ok ? outcome.record.status : `refused: ${outcome.error}`).toBe(expected);
    // Pure: the stored record is the caller's to replace, never changed in place.
    expect(before).toEqual(snapshot);
    if (outcome.ok) {
      expect(outcome.record.history).toHaveLength(before.history.length + 1);
      expect(outcome.record.history.at(-1)).toMatchObject({
        at: nowFor(action).toISOString(),
        type: {
          accept: 'accepted',
          reject: 'rejected',
          transfer: 'transferred',
          extend: 'extended',
          resolve: 'resolved',
          confirm: 'confirmed',
          dispute: 'disputed',
          escalate: 'escalated',
          rate: 'confirmed',
          followUp: 'followedUp',
          ask: 'asked',
          reply: 'replied',
        }[action],
      });
    } else {
      expect(outcome).not.toHaveProperty('jobs');
    }
  });
});

describe('deadlines, with an injected clock', () => {
  it('accept sets resolveBy 60 days from China’s date of acceptance', () => {
    const { record: after } = mustApply(record('submitted'), ACTIONS.accept, ACTORS.bureau);
    expect(after.resolveBy).toBe('2026-05-09'); // 10 March + 60 days
    expect(after.acceptBy).toBe('2026-03-16');
    expect(pendingDeadline(after)).toEqual({ kind: 'resolve', by: '2026-05-09' });
  });

  it.each([
    ['2026-03-09T15:59:59Z', '2026-05-08'], // 23:59:59 on 9 March in China
    ['2026-03-09T16:00:00Z', '2026-05-09'], // midnight: 10 March in China
    ['2028-02-28T04:00:00Z', '2028-04-28'], // across a leap day
    ['2026-12-20T04:00:00Z', '2027-02-18'], // across the year end
  ])('accept at %s → resolveBy %s', (iso, resolveBy) => {
    expect(mustApply(record('submitted'), ACTIONS.accept, ACTORS.bureau, new Date(iso)).record.resolveBy).toBe(resolveBy);
  });

  it('extend adds 30 days to resolveBy once, then refuses', () => {
    const accepted = record('accepted', { resolveBy: '2026-05-09' });
    const first = mustApply(accepted, ACTIONS.extend, ACTORS.bureau);
    expect(first.record.resolveBy).toBe('2026-06-08');
    expect(first.record.extended).toBe(true);
    expect(first.record.history.at(-1)).toEqual({ at: NOW.toISOString(), type: 'extended', bureau: 'qiaocheng', note: '需要调取学校的收费账目' });
    const second = applyAction(first.record, { type: 'extend', reason: '还需要更多时间' }, ACTORS.bureau, new Date('2026-05-01T02:00:00Z'), directory);
    expect(second).toEqual({ ok: false, error: '办理期限只能延长一次' });
  });

  it('extend counts from the deadline, not from the day it is asked', () => {
    const late = mustApply(record('accepted', { resolveBy: '2026-05-09' }), ACTIONS.extend, ACTORS.bureau, new Date('2026-05-20T02:00:00Z'));
    expect(late.record.resolveBy).toBe('2026-06-08');
  });

  it('transfer re-routes to another bureau with a fresh 15 days to accept', () => {
    const { record: moved, jobs } = mustApply(record('submitted'), ACTIONS.transfer, ACTORS.bureau);
    expect(moved.status).toBe('submitted');
    expect(moved.bureau).toBe('guoyang');
    expect(moved.acceptBy).toBe('2026-03-25'); // 10 March + 15, not the old 16 March
    expect(moved.history.at(-1)).toEqual({ at: NOW.toISOString(), type: 'transferred', bureau: 'guoyang', note: '学校由涡阳县教育局主管' });
    expect(jobs.map((j) => j.event)).toEqual(['complaint.transferred']);
    expect(pendingDeadline(moved)).toEqual({ kind: 'accept', by: '2026-03-25' });
  });

  it('after a transfer only the receiving bureau may act', () => {
    const { record: moved } = mustApply(record('submitted'), ACTIONS.transfer, ACTORS.bureau);
    for (const action of [ACTIONS.accept, ACTIONS.reject, { type: 'transfer', to: 'qiaocheng', reason: '退回' } as const]) {
      expect(applyAction(moved, action, ACTORS.bureau, NOW, directory)).toEqual({ ok: false, error: '这件举报已不由贵单位办理' });
    }
    expect(mustApply(moved, ACTIONS.accept, ACTORS['other bureau']).record.status).toBe('accepted');
  });

  it.each([
    ['the same bureau', { type: 'transfer', to: 'qiaocheng', reason: '转办' }, '请选择要转交的其他教育局'],
    ['an unknown bureau', { type: 'transfer', to: 'nowhere', reason: '转办' }, '请选择要转交的其他教育局'],
    ['an empty reason', { type: 'transfer', to: 'guoyang', reason: '   ' }, '请填写转办理由'],
  ] as const)('transfer to %s is refused', (_, action, error) => {
    expect(applyAction(record('submitted'), action, ACTORS.bureau, NOW, directory)).toEqual({ ok: false, error });
  });

  it('dispute sets the 30-day review deadline and reopens the complaint', () => {
    const resolved = record('resolved');
    expect(resolved.closedAt).toBeDefined();
    const { record: disputed } = mustApply(resolved, ACTIONS.dispute, ACTORS.parent);
    expect(disputed.status).toBe('disputed');
    expect(disputed.resolveBy).toBe('2026-04-09'); // 10 March + 30
    expect(disputed).not.toHaveProperty('closedAt');
    expect(pendingDeadline(disputed)).toEqual({ kind: 'resolve', by: '2026-04-09' });
  });

  it.each([
    ['submitted', 'reject', 'bureau', true],
    ['accepted', 'resolve', 'bureau', true],
    ['disputed', 'resolve', 'bureau', true],
    ['resolved', 'confirm', 'parent', true],
    ['resolved', 'dispute', 'parent', false],
    ['submitted', 'accept', 'bureau', false],
    ['submitted', 'transfer', 'bureau', false],
    ['accepted', 'extend', 'bureau', false],
  ] as const)('%s · %s by %s: closedAt set = %s', (status, action, actor, closes) => {
    const { record: after } = mustApply(record(status), ACTIONS[action], ACTORS[actor]);
    if (closes) expect(after.closedAt).toBe(NOW.toISOString());
    else expect(after).not.toHaveProperty('closedAt');
  });

  it('a resolve after a dispute closes it again, at the new time', () => {
    const { record: disputed } = mustApply(record('resolved'), ACTIONS.dispute, ACTORS.parent);
    const later = new Date('2026-03-20T02:00:00Z');
    const { record: resolved } = mustApply(disputed, { type: 'resolve', answer: '复核后维持原答复。', finding: 'unfounded' }, ACTORS.bureau, later);
    expect(resolved.closedAt).toBe(later.toISOString());
    expect(resolved.history.map((e) => e.type)).toEqual(['filed', 'accepted', 'resolved', 'disputed', 'resolved']);
  });
});

describe('the finding an answer states', () => {
  const FINDING_ERROR = '请选择查实情况：属实、部分属实、不属实或无法核实';
  const resolveWith = (finding: string | undefined): ComplaintAction => ({
    type: 'resolve',
    answer: '经查，情况如下。',
    ...(finding === undefined ? {} : { finding }),
  });

  /** What was posted as the finding → what is stored on the event and the record, or the refusal. */
  it.each([
    ['accepted', undefined, `refused: ${FINDING_ERROR}`],
    ['accepted', '', `refused: ${FINDING_ERROR}`],
    ['accepted', '属实', `refused: ${FINDING_ERROR}`],
    ['accepted', 'SUBSTANTIATED', `refused: ${FINDING_ERROR}`],
    ['accepted', 'substantiated', 'substantiated'],
    ['accepted', 'partly', 'partly'],
    ['accepted', 'unfounded', 'unfounded'],
    ['accepted', 'unverifiable', 'unverifiable'],
    ['disputed', undefined, `refused: ${FINDING_ERROR}`],
    ['disputed', 'unfounded', 'unfounded'],
  ] as const)('%s · resolve with finding %j → %s', (status, finding, expected) => {
    const before = record(status);
    const outcome = applyAction(before, resolveWith(finding), ACTORS.bureau, NOW, directory);
    if (!outcome.ok) {
      expect(`refused: ${outcome.error}`).toBe(expected);
      return;
    }
    expect(outcome.record.finding).toBe(expected);
    expect(outcome.record.history.at(-1)).toEqual({
      at: NOW.toISOString(),
      type: 'resolved',
      bureau: 'qiaocheng',
      note: '经查，情况如下。',
      finding: expected,
    });
    // Earlier events keep what they had: no other step carries a finding.
    expect(outcome.record.history.slice(0, -1)).toEqual(before.history);
  });

  it('a review answer replaces the record’s finding; each answer keeps its own', () => {
    const first = mustApply(record('accepted'), resolveWith('substantiated'), ACTORS.bureau);
    const disputed = mustApply(first.record, ACTIONS.dispute, ACTORS.parent);
    const second = mustApply(disputed.record, resolveWith('partly'), ACTORS.bureau);
    expect(second.record.finding).toBe('partly');
    expect(second.record.history.filter((e) => e.type === 'resolved').map((e) => e.finding)).toEqual(['substantiated', 'partly']);
  });

  it('the empty answer is reported before the missing finding', () => {
    expect(applyAction(record('accepted'), { type: 'resolve', answer: ' ' }, ACTORS.bureau, NOW, directory)).toEqual({ ok: false, error: '请填写答复内容' });
  });
});

describe('free text of an action', () => {
  it.each([
    ['reject', (text: string) => ({ type: 'reject', reason: text }) as const, '不予受理的理由', 'submitted'],
    ['extend', (text: string) => ({ type: 'extend', reason: text }) as const, '延期理由', 'accepted'],
    ['resolve', (text: string) => ({ type: 'resolve', answer: text, finding: 'partly' }) as const, '答复内容', 'accepted'],
    ['dispute', (text: string) => ({ type: 'dispute', reason: text }) as const, '异议理由', 'resolved'],
  ] as const)('%s: required, at most 2000 characters, stored trimmed', (_, make, what, status) => {
    const actor = status === 'resolved' ? ACTORS.parent : ACTORS.bureau;
    expect(applyAction(record(status), make(' \n\t '), actor, NOW, directory)).toEqual({ ok: false, error: `请填写${what}` });
    expect(applyAction(record(status), make('字'.repeat(2001)), actor, NOW, directory)).toEqual({ ok: false, error: `${what}最多 2000 个字` });
    // Characters, not UTF-16 units: 2000 emoji are 4000 units and still allowed.
    expect(mustApply(record(status), make('😀'.repeat(2000)), actor).record.history.at(-1)!.note).toBe('😀'.repeat(2000));
    expect(mustApply(record(status), make('  查实，已整改。 \n'), actor).record.history.at(-1)!.note).toBe('查实，已整改。');
    // Invisible and control characters are taken out (src/domain/text.ts): none alone is text.
    expect(applyAction(record(status), make('\u200B\u202E\u3164\u0000'), actor, NOW, directory)).toEqual({ ok: false, error: `请填写${what}` });
    expect(mustApply(record(status), make('查实\u0007，已\u001B整改。'), actor).record.history.at(-1)!.note).toBe('查实，已整改。');
  });
});

describe('notifications each action queues', () => {
  /** Events expected from each legal move, without and with a parent email. */
  const JOBS: Array<[ComplaintStatus, ActionType, ActorName, NotificationJob['event'][]]> = [
    ['submitted', 'accept', 'bureau', []],
    ['submitted', 'reject', 'bureau', []],
    ['submitted', 'transfer', 'bureau', ['complaint.transferred']],
    ['accepted', 'extend', 'bureau', []],
    ['accepted', 'resolve', 'bureau', []],
    ['disputed', 'resolve', 'bureau', []],
    ['resolved', 'confirm', 'parent', []],
    ['resolved', 'dispute', 'parent', ['complaint.disputed']],
    ['resolved', 'rate', 'parent', []],
    ['submitted', 'ask', 'bureau', []],
    ['accepted', 'ask', 'bureau', []],
    ['disputed', 'ask', 'bureau', []],
    ['accepted', 'reply', 'parent', ['complaint.replied']],
  ];
  const cases = JOBS.flatMap(([status, action, actor, events]) => [
    { status, action, actor, notifyParent: false, events },
    // The parent hears of each change a bureau makes, never of their own.
    { status, action, actor, notifyParent: true, events: actor === 'bureau' ? [...events, 'parent.update' as const] : events },
  ]);

  it.each(cases)('$status · $action by $actor, parent email $notifyParent → $events', ({ status, action, actor, notifyParent, events }) => {
    const base = record(status, { notifyParent });
    const before = action === 'reply' ? asked(base) : base;
    const { jobs } = mustApply(before, ACTIONS[action], ACTORS[actor]);
    const n = before.history.length + 1;
    expect(jobs).toEqual(events.map((event) => ({ id: `${event}/${REF}/${n}`, event, reference: REF, createdAt: NOW.toISOString(), attempts: 0 })));
  });

  it('gives repeated events distinct job ids (each is a Resend idempotency key)', () => {
    let rec = record('resolved', { notifyParent: true });
    const ids: string[] = [];
    for (let round = 0; round < 3; round++) {
      const disputed = mustApply(rec, ACTIONS.dispute, ACTORS.parent);
      const resolved = mustApply(disputed.record, ACTIONS.resolve, ACTORS.bureau);
      ids.push(...disputed.jobs.map((j) => j.id), ...resolved.jobs.map((j) => j.id));
      rec = resolved.record;
    }
    expect(ids).toHaveLength(6);
    expect(new Set(ids).size).toBe(6);
  });
});

describe('pendingDeadline and daysOverdue', () => {
  const submitted = record('submitted', { acceptBy: '2026-03-16' });
  const accepted = record('accepted', { resolveBy: '2026-05-09' });
  const disputed = record('disputed', { resolveBy: '2026-04-09' });
  const legacyAccepted = record('accepted');
  delete legacyAccepted.resolveBy;

  it.each([
    ['submitted', submitted, { kind: 'accept', by: '2026-03-16' }],
    ['accepted', accepted, { kind: 'resolve', by: '2026-05-09' }],
    ['disputed', disputed, { kind: 'resolve', by: '2026-04-09' }],
    ['accepted without resolveBy', legacyAccepted, undefined],
    ['resolved', record('resolved'), undefined],
    ['rejected', record('rejected'), undefined],
    ['confirmed', record('confirmed'), undefined],
  ])('pendingDeadline of %s', (_, rec, expected) => {
    expect(pendingDeadline(rec)).toEqual(expected);
  });

  it.each([
    { label: 'submitted', rec: submitted, today: '2026-03-01', days: 0 },
    { label: 'submitted', rec: submitted, today: '2026-03-16', days: 0 }, // the deadline day counts in full
    { label: 'submitted', rec: submitted, today: '2026-03-17', days: 1 },
    { label: 'submitted', rec: submitted, today: '2026-04-05', days: 20 },
    { label: 'submitted', rec: submitted, today: '2027-03-16', days: 365 },
    { label: 'accepted', rec: accepted, today: '2026-05-09', days: 0 },
    { label: 'accepted', rec: accepted, today: '2026-05-10', days: 1 },
    { label: 'accepted', rec: accepted, today: '2026-06-01', days: 23 },
    { label: 'disputed', rec: disputed, today: '2026-04-10', days: 1 },
    { label: 'accepted, leap year', rec: record('accepted', { resolveBy: '2028-02-28' }), today: '2028-03-01', days: 2 },
    { label: 'resolved', rec: record('resolved'), today: '2030-01-01', days: 0 },
    { label: 'rejected', rec: record('rejected'), today: '2030-01-01', days: 0 },
    { label: 'confirmed', rec: record('confirmed'), today: '2030-01-01', days: 0 },
    { label: 'accepted without resolveBy', rec: legacyAccepted, today: '2030-01-01', days: 0 },
  ])('daysOverdue: $label on $today → $days', ({ rec, today, days }) => {
    expect(daysOverdue(rec, today)).toBe(days);
  });

  it('an accepted complaint is no longer overdue for acceptance', () => {
    const { record: after } = mustApply(submitted, ACTIONS.accept, ACTORS.bureau, new Date('2026-03-20T02:00:00Z'));
    expect(daysOverdue(submitted, '2026-03-20')).toBe(4);
    expect(daysOverdue(after, '2026-03-20')).toBe(0);
  });
});

describe('the words for each status and step, one table for every reader', () => {
  it('names each status with one word, the same in the workspace, on the answer link and on the status page', () => {
    expect(statusLabel).toEqual({
      submitted: '待受理',
      accepted: '办理中',
      rejected: '不予受理',
      resolved: '已答复',
      confirmed: '已确认办结',
      disputed: '有异议，待复核',
    });
    for (const status of STATUSES) {
      const rec = record(status);
      expect(publicView(rec, directory, '2026-03-10').statusLabel).toBe(statusLabel[status]);
      expect(caseRow(rec, directory, '2026-03-10').statusLabel).toBe(statusLabel[status]);
    }
  });

  it('shows each answer’s finding in words, and nothing for an answer given before findings were required', () => {
    const first = mustApply(record('accepted'), { type: 'resolve', answer: '经查属实。', finding: 'substantiated' }, ACTORS.bureau);
    const disputed = mustApply(first.record, ACTIONS.dispute, ACTORS.parent);
    const second = mustApply(disputed.record, { type: 'resolve', answer: '复核：部分属实。', finding: 'partly' }, ACTORS.bureau);
    const view = publicView(second.record, directory, '2026-03-10');
    expect(view.history.filter((e) => e.type === 'resolved').map((e) => [e.note, e.finding])).toEqual([
      ['经查属实。', '属实'],
      ['复核：部分属实。', '部分属实'],
    ]);
    // record('resolved') is answered the old way: its answer has no finding, and none is made up.
    expect(publicView(record('resolved'), directory, '2026-03-10').history.at(-1)).not.toHaveProperty('finding');
  });

  it('credits the parent with their own steps and labels the review deadline after a dispute', () => {
    const view = publicView(record('disputed'), directory, '2026-03-10');
    expect(view.history.map((e) => [e.label, e.by, e.note])).toEqual([
      ['提交举报', { kind: 'parent' }, undefined],
      ['教育局受理', { kind: 'bureau', name: '谯城区教育局' }, undefined],
      ['教育局答复', { kind: 'bureau', name: '谯城区教育局' }, '已责令整改。'],
      ['对答复提出异议', { kind: 'parent' }, '仍在补课'],
    ]);
    expect([view.resolveBy, view.resolveByLabel]).toEqual(['2026-04-05', '复核期限']);
    expect(publicView(record('accepted'), directory, '2026-03-10').resolveByLabel).toBe('办理期限');
    expect(publicView(record('confirmed'), directory, '2026-03-10').history.at(-1)).toMatchObject({ label: '确认答复', by: { kind: 'parent' } });
  });
});

describe('the first step of a complaint an officer recorded', () => {
  const recorded = (channel: NonNullable<ComplaintRecord['channel']>, body: string) =>
    record('accepted', {
      channel,
      recordedAt: at('2026-03-01T03:00:00Z'),
      audit: [
        {
          at: at('2026-03-01T03:00:00Z'),
          body,
          action: 'record',
          via: 'workspace',
          session: 's1',
          who: '3月1日 登录（周科长，ducha@qiaocheng.bozhou.example）',
        },
      ],
    });

  it.each([
    ['phone', 'qiaocheng', '电话举报，由谯城区教育局工作人员登记', '谯城区教育局'],
    ['letter', 'qiaocheng', '来信举报，由谯城区教育局工作人员登记', '谯城区教育局'],
    ['visit', 'qiaocheng', '来访举报，由谯城区教育局工作人员登记', '谯城区教育局'],
    ['hotline', 'qiaocheng', '12345 热线转办，由谯城区教育局工作人员登记', '谯城区教育局'],
    // Recorded by another bureau and routed to the school's: the step names the one that took the call.
    ['phone', 'guoyang', '电话举报，由涡阳县教育局工作人员登记', '涡阳县教育局'],
  ] as const)('%s recorded by %s reads “%s”, never as the parent’s online filing nor with the officer’s name', (channel, body, label, name) => {
    const view = publicView(recorded(channel, body), directory, '2026-03-10');
    expect(view.history.map((e) => [e.label, e.by])).toEqual([
      [label, { kind: 'bureau', name }],
      ['教育局受理', { kind: 'bureau', name: '谯城区教育局' }],
    ]);
    expect(JSON.stringify(view)).not.toContain('周科长');
  });
});

describe('the parent asks the city office to supervise an overdue complaint (请上级督办)', () => {
  const LATE = new Date('2026-03-20T02:00:00Z'); // 4 days past acceptBy 2026-03-16

  it('is refused before the deadline, allowed after it, once per deadline, and tells the office and the bureau', () => {
    const submitted = record('submitted');
    expect(applyAction(submitted, ACTIONS.escalate, ACTORS.parent, new Date('2026-03-16T02:00:00Z'), directory)).toEqual({
      ok: false,
      error: '还没有超过办理期限，暂时不能请求督办',
    });
    const { record: escalated, jobs } = mustApply(submitted, ACTIONS.escalate, ACTORS.parent, LATE);
    expect(escalated.status).toBe('submitted');
    expect(escalated.escalatedFor).toBe('accept:2026-03-16');
    expect(escalated.acceptBy).toBe('2026-03-16');
    expect(escalated.history.at(-1)).toEqual({ at: LATE.toISOString(), type: 'escalated', bureau: 'qiaocheng' });
    expect(jobs.map((j) => j.id)).toEqual([`complaint.escalated/${REF}/2`, `bureau.escalated/${REF}/2`]);
    expect(applyAction(escalated, ACTIONS.escalate, ACTORS.parent, new Date('2026-03-25T02:00:00Z'), directory)).toEqual({
      ok: false,
      error: '您已经请求过督办，市督导部门正在督办',
    });
  });

  it('a new deadline (after acceptance) may be escalated again when it passes', () => {
    const { record: escalated } = mustApply(record('submitted'), ACTIONS.escalate, ACTORS.parent, LATE);
    const { record: accepted } = mustApply(escalated, ACTIONS.accept, ACTORS.bureau, LATE);
    expect(accepted.resolveBy).toBe('2026-05-19');
    const { record: again } = mustApply(accepted, ACTIONS.escalate, ACTORS.parent, new Date('2026-05-21T02:00:00Z'));
    expect(again.escalatedFor).toBe('resolve:2026-05-19');
  });
});

describe('questions to the parent and their replies', () => {
  const QUESTION = '请问补课是在哪个年级、哪一天？';

  it.each([
    // [status, actor, action, expected]
    ['submitted', 'bureau', 'ask', 'asked · status submitted'],
    ['accepted', 'bureau', 'ask', 'asked · status accepted'],
    ['disputed', 'bureau', 'ask', 'asked · status disputed'],
    ['resolved', 'bureau', 'ask', 'refused: 这件举报当前状态下不能执行此操作'],
    ['rejected', 'bureau', 'ask', 'refused: 这件举报当前状态下不能执行此操作'],
    ['confirmed', 'bureau', 'ask', 'refused: 这件举报当前状态下不能执行此操作'],
    ['accepted', 'other bureau', 'ask', 'refused: 这件举报已不由贵单位办理'],
    ['accepted', 'parent', 'ask', 'refused: 这件举报当前状态下不能执行此操作'],
    ['accepted', 'bureau', 'reply', 'refused: 这件举报当前状态下不能执行此操作'],
  ] as const)('%s · %s asks → %s', (status, actor, action, expected) => {
    const outcome = applyAction(record(status), ACTIONS[action], ACTORS[actor], NOW, directory);
    expect(outcome.ok ? `${outcome.record.history.at(-1)!.type} · status ${outcome.record.status}` : `refused: ${outcome.error}`).toBe(expected);
  });

  it.each([
    ['no question asked', (r: ComplaintRecord) => r, 'refused: 现在没有等待您回复的问题'],
    ['a question waiting', asked, 'replied'],
    ['the question already answered', (r: ComplaintRecord) => mustApply(asked(r), ACTIONS.reply, ACTORS.parent).record, 'refused: 现在没有等待您回复的问题'],
    [
      'a second question after the reply',
      (r: ComplaintRecord) => mustApply(mustApply(asked(r), ACTIONS.reply, ACTORS.parent).record, ACTIONS.ask, ACTORS.bureau).record,
      'replied',
    ],
  ] as const)('the parent replies with %s → %s', (_, make, expected) => {
    const outcome = applyAction(make(record('accepted')), ACTIONS.reply, ACTORS.parent, NOW, directory);
    expect(outcome.ok ? outcome.record.history.at(-1)!.type : `refused: ${outcome.error}`).toBe(expected);
  });

  it.each([
    ['ask', 'accepted', 'bureau', (text: string) => ({ type: 'ask', question: text }) as const, '问题'],
    ['reply', 'accepted', 'parent', (text: string) => ({ type: 'reply', text }) as const, '回复内容'],
  ] as const)('%s: required, at most 2000 characters, stored trimmed', (_, status, actor, make, what) => {
    const before = asked(record(status));
    expect(applyAction(before, make(' \n\u200B '), ACTORS[actor], NOW, directory)).toEqual({ ok: false, error: `请填写${what}` });
    expect(applyAction(before, make('字'.repeat(2001)), ACTORS[actor], NOW, directory)).toEqual({ ok: false, error: `${what}最多 2000 个字` });
    expect(mustApply(before, make('字'.repeat(2000)), ACTORS[actor]).record.history.at(-1)!.note).toBe('字'.repeat(2000));
    expect(mustApply(before, make('  六年级\u0007。 \n'), ACTORS[actor]).record.history.at(-1)!.note).toBe('六年级。');
  });

  it('a reply keeps its images (at most 3) on its step', () => {
    const image = (id: string) => ({ id, type: 'image/jpeg' as const, width: 800, height: 600, bytes: 1000 });
    const with2 = mustApply(asked(record('accepted')), { type: 'reply', text: '见截图', evidence: [image('a'), image('b')] }, ACTORS.parent);
    expect(with2.record.history.at(-1)).toEqual({
      at: NOW.toISOString(),
      type: 'replied',
      bureau: 'qiaocheng',
      note: '见截图',
      evidence: [image('a'), image('b')],
    });
    expect(with2.record.evidence).toBeUndefined();
    const four = ['a', 'b', 'c', 'd'].map(image);
    expect(applyAction(asked(record('accepted')), { type: 'reply', text: '见截图', evidence: four }, ACTORS.parent, NOW, directory)).toEqual({
      ok: false,
      error: '每次回复最多附 3 张图片',
    });
  });

  it.each(['submitted', 'accepted', 'disputed'] as const)('%s: asking and replying move no clock and keep every step', (status) => {
    const before = record(status, { resolveBy: status === 'submitted' ? undefined : '2026-05-01', extended: status === 'disputed' });
    if (status === 'submitted') delete before.resolveBy;
    const ask = mustApply(before, { type: 'ask', question: QUESTION }, ACTORS.bureau, new Date('2026-04-30T02:00:00Z'));
    const reply = mustApply(ask.record, ACTIONS.reply, ACTORS.parent, new Date('2026-05-03T02:00:00Z'));
    for (const after of [ask.record, reply.record]) {
      expect(after.status).toBe(status);
      expect(after.acceptBy).toBe(before.acceptBy);
      expect(after.resolveBy).toBe(before.resolveBy);
      expect(after.extended).toBe(before.extended);
      expect(after).not.toHaveProperty('closedAt');
      expect(pendingDeadline(after)).toEqual(pendingDeadline(before));
    }
    expect(reply.record.history.slice(0, before.history.length)).toEqual(before.history);
    expect(reply.record.history.slice(before.history.length).map((e) => [e.type, e.note])).toEqual([
      ['asked', QUESTION],
      ['replied', '六年级，每个周六上午。'],
    ]);
    // Past the deadline is still past it: a question does not stop the legal clock.
    if (status !== 'submitted') expect(daysOverdue(reply.record, '2026-05-03')).toBe(2);
  });

  it('the parent with an email is told once per question; the job id is the step', () => {
    const before = record('accepted', { notifyParent: true });
    const first = mustApply(before, ACTIONS.ask, ACTORS.bureau);
    const replied = mustApply(first.record, ACTIONS.reply, ACTORS.parent);
    const second = mustApply(replied.record, { type: 'ask', question: '还有别的年级吗？' }, ACTORS.bureau);
    // The reply goes to the bureau, never back to the parent.
    expect([...first.jobs, ...replied.jobs, ...second.jobs].map((j) => j.id)).toEqual([
      `parent.update/${REF}/3`,
      `complaint.replied/${REF}/4`,
      `parent.update/${REF}/5`,
    ]);
  });

  it('both readers see the thread apart from the steps, and whether a question waits', () => {
    const rec = mustApply(asked(record('accepted')), ACTIONS.reply, ACTORS.parent).record;
    const withQuestion = mustApply(rec, { type: 'ask', question: QUESTION }, ACTORS.bureau).record;
    const view = publicView(withQuestion, directory, '2026-03-10');
    expect(view.history.map((e) => e.label)).toEqual(['提交举报', '教育局受理']);
    expect(view.thread).toEqual([
      { step: 3, at: at('2026-03-07T02:00:00Z'), from: 'bureau', bureau: { id: 'qiaocheng', name: '谯城区教育局' }, text: '请问是哪个年级？', images: 0 },
      { step: 4, at: NOW.toISOString(), from: 'parent', bureau: { id: 'qiaocheng', name: '谯城区教育局' }, text: '六年级，每个周六上午。', images: 0 },
      { step: 5, at: NOW.toISOString(), from: 'bureau', bureau: { id: 'qiaocheng', name: '谯城区教育局' }, text: QUESTION, images: 0 },
    ]);
    expect(view.questionWaiting).toBe(true);
    expect(publicView(rec, directory, '2026-03-10').questionWaiting).toBe(false);
    // Answered: nothing waits any more, the thread stays.
    const resolved = mustApply(withQuestion, ACTIONS.resolve, ACTORS.bureau).record;
    expect(publicView(resolved, directory, '2026-03-10')).toMatchObject({ questionWaiting: false, thread: view.thread });
  });
});

describe('property: no step loses a clock or a history entry', () => {
  const names = Object.keys(ACTIONS) as ActionType[];
  const actors = Object.keys(ACTORS) as ActorName[];

  it('any run of actions keeps every earlier step, and a question or a reply keeps every clock', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom(...names), fc.constantFrom(...actors), fc.integer({ min: 0, max: 90 })), { maxLength: 25 }), (steps) => {
        let current = record('submitted', { notifyParent: true });
        let at = Date.parse('2026-03-02T02:00:00Z');
        for (const [name, actor, days] of steps) {
          at += days * 86_400_000;
          const outcome = applyAction(current, ACTIONS[name], ACTORS[actor], new Date(at), directory);
          if (!outcome.ok) continue;
          const after = outcome.record;
          expect(after.history.slice(0, current.history.length)).toEqual(current.history);
          expect(after.history).toHaveLength(current.history.length + 1);
          if (name === 'ask' || name === 'reply') {
            expect([after.status, after.acceptBy, after.resolveBy, after.extended, after.closedAt]).toEqual([
              current.status,
              current.acceptBy,
              current.resolveBy,
              current.extended,
              current.closedAt,
            ]);
          }
          current = after;
        }
      }),
      { numRuns: 300 },
    );
  });
});
