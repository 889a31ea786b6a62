import type { APIRoute } from 'astro';
import { storeIsDown } from '../../server/http';
import { imageRefusal, imageResponse } from '../../server/imageResponse';

export const prerender = false;

/**
 * An evidence image for the bureau: `?t=<its answer link's token>&n=<1..3>`,
 * decrypted by the server; `&download=1` saves it instead of showing it.
 */
export const GET: APIRoute = async ({ url, locals }) => {
  const serve = locals.services.answerEvidence;
  if (!serve) return imageRefusal(404, '本站未保存图片。');
  let answer: Awaited<ReturnType<typeof serve>>;
  try {
    answer = await serve({ token: url.searchParams.get('t'), index: url.searchParams.get('n'), download: url.searchParams.get('download') === '1' });
  } catch (error) {
    if (storeIsDown(error)) return imageRefusal(503, '系统暂时无法读取，请稍后再试。');
    throw error;
  }
  if (answer.status !== 200) return imageRefusal(answer.status, answer.message);
  return imageResponse(answer, url.searchParams.get('download') === '1' ? 'attachment' : 'inline');
};
