import type { APIRoute } from 'astro';
import { imageResponse } from '../../server/imageResponse';
import { answerText } from '../../server/outcomes';

export const prerender = false;

/**
 * An evidence image for the bureau: `?t=<its answer link's token>&n=<1..3>`,
 * decrypted by the server; `&download=1` saves it instead of showing it.
 */
export const GET: APIRoute = async ({ url, locals }) => {
  const serve = locals.services.answerEvidence;
  if (!serve) return answerText({ kind: 'not-found' }, '本站未保存图片。');
  const answer = await serve({
    token: url.searchParams.get('t'),
    index: url.searchParams.get('n'),
    step: url.searchParams.get('e'),
    download: url.searchParams.get('download') === '1',
  });
  if (answer.kind !== 'ok') return answerText(answer, answer.message);
  return imageResponse(answer, url.searchParams.get('download') === '1' ? 'attachment' : 'inline');
};
