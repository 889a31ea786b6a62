import { parseComplaintInput, type ComplaintInput } from '../../domain/complaintInput';
import { newFormKey } from '../../domain/codes';
import { chinaDate } from '../../domain/deadlines';
import type { Directory } from '../../domain/directory';
import type { FilingAnswer } from '../../domain/complaint';
import type { Clock } from '../../ports/clock';
import type { Random } from '../../ports/random';
import type { IntakeService } from './intake';
import type { Client } from './client';
import type { ReportBody } from '../reportBody';
import { EVIDENCE_MESSAGES } from '../../domain/evidence';
import { whileStoreUp, type OutcomeKind } from './outcome';
import type { EvidenceService } from './evidence';
import type { Upload } from './evidenceUpload';
import type { EvidenceItem } from '../../domain/evidence';
import { sameLink } from '../../domain/sameLink';

/** What the report page shows: the form, the check-your-answers page, or the confirmation. */
export interface ReportOutcome {
  /** `same`: the one-step form of a "我也遇到了" link (school and aspect fixed, description optional). */
  view: 'form' | 'check' | 'done' | 'same';
  /** What the page answers as: `ok` (the confirmation too: a page, not a created resource), or why the round did not go through. */
  kind: OutcomeKind;
  retryAfterSeconds?: number;
  /** The answers as typed, kept between rounds. */
  values: Record<string, string>;
  errors: Record<string, string>;
  input?: ComplaintInput;
  answer?: FilingAnswer;
  /** Idempotency key of the submission the check page carries: a reload or double tap files it once. */
  formKey: string;
  /** China's date, the latest a parent may give as the date it happened. */
  today: string;
  /** The images attached so far (their tokens, also in `values.evidenceKept`); undefined when this site takes no images. */
  evidence?: string[];
  /** The ledger row the complaint is about, when it came from "这一项没有真正整改？" (or carries it on). */
  ledger?: { key: string; problem: string; notice: string; row: number };
  /** On the confirmation: the "我也遇到了" link to share (sameLink.ts); absent for an aspect the parent was unsure of. */
  share?: string;
}

/**
 * The report flow in one page, so that it works with HTML alone:
 * GET → form (`?school=` and `?aspect=` preselect); POST step=check → form
 * with errors, or check your answers; POST step=change → form again with
 * every answer kept; POST step=submit → confirmation (or the problem).
 * The answers are validated once per request: by the check, or by the filing.
 */
export function reportPageService(deps: { intake: IntakeService; directory: Directory; clock: Clock; random: Random; evidence?: EvidenceService }) {
  const page = reportRounds(deps);
  // The ledger row travels in a hidden field between rounds; each round names it again for the page.
  return async (request: { query: URLSearchParams; body?: ReportBody; client: Client }): Promise<ReportOutcome> => {
    const outcome = await sameRound(await page(request), request);
    const key = outcome.values.ledgerItem;
    const entry = key && outcome.view !== 'done' ? deps.directory.ledgerItems?.get(key) : undefined;
    return entry && !outcome.ledger && outcome.values.school === entry.school
      ? { ...outcome, ledger: { key: key!, problem: entry.problem, notice: entry.notice, row: entry.row } }
      : outcome;
  };
}

/** Whether this round is a "我也遇到了" filing: a link with a known school and aspect, or its form posted. */
const isSame = (values: Record<string, string | undefined>) => values.same === '1' || values.same === 'true';

/**
 * A "我也遇到了" link opens its one-step form, and that form's problems are
 * shown on it again (never the full form): the school and aspect stay fixed.
 */
function sameRound(outcome: ReportOutcome, request: { query: URLSearchParams; body?: ReportBody }): ReportOutcome {
  if (outcome.view === 'done') return outcome;
  if (!request.body && isSame(Object.fromEntries(request.query)) && outcome.values.school && outcome.values.aspect && !outcome.ledger)
    return { ...outcome, view: 'same', values: { ...outcome.values, same: '1' } };
  if (request.body?.ok && isSame(request.body.fields) && outcome.values.school && outcome.values.aspect) return { ...outcome, view: 'same' };
  return outcome;
}

function reportRounds(deps: { intake: IntakeService; directory: Directory; clock: Clock; random: Random; evidence?: EvidenceService }) {
  return async (request: { query: URLSearchParams; body?: ReportBody; client: Client }): Promise<ReportOutcome> => {
    const today = chinaDate(deps.clock.now());
    const base = {
      kind: 'ok' as OutcomeKind,
      values: {},
      errors: {},
      formKey: newFormKey(deps.random),
      today,
      ...(deps.evidence ? { evidence: [] as string[] } : {}),
    };
    const { body } = request;
    if (!body) {
      const values: Record<string, string> = {};
      const school = request.query.get('school');
      const aspect = request.query.get('aspect');
      if (school && deps.directory.schools.has(school)) values.school = school;
      if (aspect && deps.directory.aspects.has(aspect)) values.aspect = aspect;
      // ?item= from a ledger row: only a row of the school given (or, with none given, its own school) is taken.
      const item = request.query.get('item');
      const entry = item ? deps.directory.ledgerItems?.get(item) : undefined;
      if (item && entry && (!school || school === entry.school)) {
        Object.assign(values, { school: entry.school, aspect: values.aspect ?? entry.aspect, ledgerItem: item });
        return { ...base, view: 'form', values, ledger: { key: item, problem: entry.problem, notice: entry.notice, row: entry.row } };
      }
      return { ...base, view: 'form', values };
    }
    if (!body.ok)
      return {
        ...base,
        view: 'form',
        kind: body.kind,
        errors: body.errors,
        ...('retryAfterSeconds' in body ? { retryAfterSeconds: body.retryAfterSeconds } : {}),
      };
    const values = body.fields;
    // Images first: this round's files are processed and kept as pending, the removed ones go (services/evidence.ts).
    let images = deps.evidence ? await gatherImages(deps.evidence, values, body.filesDropped ? [] : (body.files ?? []), request.client) : undefined;
    // Too many uploads at once: this round's files were not kept, the answers and earlier images are.
    if (images && body.filesDropped && (body.files ?? []).some((f) => f.name !== ''))
      images = { ...images, error: EVIDENCE_MESSAGES[body.filesDropped], unavailable: true };
    if (images) base.evidence = images.tokens;
    const imageErrors: Record<string, string> = images?.error ? { evidence: images.error } : {};
    // A refused file is the parent's to fix (invalid); an outage or a full queue is ours (unavailable).
    const imageKind: OutcomeKind = images?.unavailable ? 'unavailable' : 'invalid';
    if (values.step === 'change') return { ...base, view: 'form', values, errors: imageErrors, kind: images?.error ? imageKind : 'ok' };
    if (values.step !== 'submit' || images?.error) {
      const parsed = parseComplaintInput(values, deps.directory, today);
      if (parsed.ok && !images?.error) return { ...base, view: 'check', values, input: parsed.value };
      // A problem with an image found on the check page (one expired) is shown there, the rest kept.
      if (parsed.ok && values.step === 'submit')
        return { ...base, view: 'check', kind: imageKind, values, input: parsed.value, formKey: values.formKey || base.formKey, errors: imageErrors };
      return {
        ...base,
        view: 'form',
        kind: images?.unavailable && parsed.ok ? 'unavailable' : 'invalid',
        values,
        errors: { ...(parsed.ok ? {} : parsed.errors), ...imageErrors },
      };
    }
    const formKey = values.formKey || base.formKey;
    const evidence = deps.evidence;
    const attach =
      evidence && images && images.tokens.length > 0
        ? {
            attach: {
              plan: () => evidence.plan(values.evidenceKept, formKey),
              settle: (reference: string, items: EvidenceItem[]) => evidence.settle(reference, items, formKey),
            },
          }
        : {};
    // A blob store outage while the images are read is a store outage: unavailable on the check page, nothing filed.
    const result = await deps.intake.submit(values, { ...request.client, idempotencyKey: formKey, ...attach });
    if (result.kind === 'filed') {
      // The pending copies stay until the sweep (24 hours, sealed): a repeat of
      // this submit (a double tap, a resend after a lost answer) must find its
      // images, reach the Idempotency-Key and get the same receipt code back.
      const share = sameLink(values.school!, values.aspect!);
      return { ...base, view: 'done', values: {}, answer: result.answer, ...(share ? { share } : {}), ...(deps.evidence ? { evidence: [] } : {}) };
    }
    // Field errors go back to the form; what went wrong past them is shown on the check page, answers kept.
    if (!('input' in result)) return { ...base, view: 'form', kind: 'invalid', values, errors: result.errors as Record<string, string> };
    const shown = { ...base, view: 'check' as const, kind: result.kind, values, formKey, input: result.input };
    if (result.kind === 'limited')
      return { ...shown, retryAfterSeconds: result.retryAfterSeconds, errors: { rate: '提交太频繁，请过一段时间再试。您填写的内容还在下面。' } };
    if (result.kind === 'invalid')
      return { ...shown, formKey: base.formKey, errors: { idempotencyKey: '这份举报和之前用同一页面提交的内容不一样。请确认下面的内容后再提交一次。' } };
    // The images went with another filing: the check page again without them, the answers kept.
    if (result.kind === 'conflict') {
      values.evidenceKept = '';
      return { ...shown, evidence: [], errors: result.errors };
    }
    return { ...shown, errors: result.errors };
  };
}

/**
 * This round's images: the ones carried in `evidenceKept`, less those whose
 * remove box or button was used (`removeEvidence…`), plus the new files.
 * `values.evidenceKept` is rewritten to what is kept, so every later view
 * carries it on.
 */
export async function gatherImages(evidence: EvidenceService, values: Record<string, string>, files: Upload[], client: Client) {
  const removed = Object.entries(values)
    .filter(([name]) => name.startsWith('removeEvidence'))
    .map(([, token]) => token);
  for (const name of Object.keys(values)) if (name.startsWith('removeEvidence')) delete values[name];
  // Redis or the database down during the image rate check, or the blob store (a full disk included): unavailable, answers kept.
  const down = { tokens: (values.evidenceKept ?? '').split(/\s+/).filter(Boolean), error: EVIDENCE_MESSAGES.unavailable, unavailable: true };
  return whileStoreUp(async () => {
    const gathered = await evidence.gather({ carried: values.evidenceKept, removed, files, client });
    values.evidenceKept = gathered.tokens.join(' ');
    return gathered;
  }, down);
}
