import type { APIRoute } from 'astro';
import { answerJson } from '../../../server/outcomes';
import { toCsv } from '../../../server/services/openData';
import { scorecardDataset, scorecardJson } from '../../../server/services/assessmentData';
import { isPeriod } from '../../../domain/assessment/periods';

export const prerender = false;

/** `/assessment/data/<YYYY-MM>.csv` or `.json`: a closed period's scorecard, frozen with it. */
export const GET: APIRoute = async ({ params, locals }) => {
  const match = /^(\d{4}-\d{2})\.(csv|json)$/.exec(params.file ?? '');
  if (!match || !isPeriod(match[1])) return answerJson({ kind: 'not-found' }, { errors: { file: '没有这个数据文件' } });
  const read = await locals.services.assessment(match[1]);
  if (read.kind === 'unavailable') return answerJson(read, { errors: { assessment: '考核数据暂时无法读取，请稍后再试' } });
  if (read.kind !== 'ready') return answerJson({ kind: 'not-found' }, { errors: { file: '这一期的考核结果尚未公布' } });
  // A closed period never changes: it may be cached for a day.
  const headers = { 'Cache-Control': 'public, max-age=86400', 'Content-Disposition': `attachment; filename="assessment-${match[0]}"` };
  const { registry } = locals;
  if (match[2] === 'csv')
    return new Response(toCsv(scorecardDataset(read.record, registry)), { headers: { ...headers, 'Content-Type': 'text/csv; charset=utf-8' } });
  const body = scorecardJson(read.record, registry);
  return new Response(JSON.stringify(body), { headers: { ...headers, 'Content-Type': 'application/json; charset=utf-8' } });
};
