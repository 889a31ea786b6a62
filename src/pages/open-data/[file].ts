import type { APIRoute } from 'astro';
import { answerJson } from '../../server/outcomes';
import { openDatasets, toCsv } from '../../server/services/openData';

export const prerender = false;

/** `/open-data/<dataset>.csv` or `.json`, from the statistics snapshot. */
export const GET: APIRoute = async ({ params, locals }) => {
  const match = /^([a-z-]+)\.(csv|json)$/.exec(params.file ?? '');
  if (!match) return answerJson({ kind: 'not-found' }, { errors: { file: '没有这个数据文件' } });
  const read = await locals.services.statsSnapshot();
  if (read.kind !== 'ready')
    return answerJson(
      { kind: 'unavailable' },
      { errors: { snapshot: read.kind === 'pending' ? '统计数据正在生成，请稍后再试' : '统计数据暂时无法读取，请稍后再试' } },
    );
  const dataset = openDatasets(read.snapshot, locals.registry).find((d) => d.id === match[1]);
  if (!dataset) return answerJson({ kind: 'not-found' }, { errors: { file: '没有这个数据文件' } });
  const { licence } = locals.registry.settings.statistics;
  // The figures change only with the hourly snapshot: a few minutes of caching costs nothing.
  const headers = { 'Cache-Control': 'public, max-age=300', 'Content-Disposition': `attachment; filename="${match[0]}"` };
  if (match[2] === 'csv') return new Response(toCsv(dataset), { headers: { ...headers, 'Content-Type': 'text/csv; charset=utf-8' } });
  const body = {
    dataset: dataset.id,
    title: dataset.title,
    description: dataset.description,
    computedAt: read.snapshot.computedAt,
    months: read.snapshot.months,
    licence,
    suppression: read.snapshot.rules,
    columns: dataset.columns,
    rows: dataset.rows,
  };
  return new Response(JSON.stringify(body), { headers: { ...headers, 'Content-Type': 'application/json; charset=utf-8' } });
};
