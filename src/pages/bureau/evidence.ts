import type { APIRoute } from 'astro';
import { imageResponse } from '../../server/imageResponse';
import { answerText } from '../../server/outcomes';
import { IMAGE_UNAVAILABLE } from '../../server/services/answerEvidence';
import { signedIn, workspaceHeaders } from '../../server/workspaceHttp';

export const prerender = false;

/**
 * An evidence image in the workspace: `?ref=<reference>&n=<1..3>` for the
 * signed-in bureau that handles it (services/workspaceEvidence.ts);
 * `&download=1` saves it instead of showing it.
 */
export const GET: APIRoute = async (context) => {
  const { url, locals } = context;
  const serve = locals.services.workspaceEvidence;
  const who = await signedIn(context);
  if (who === 'unavailable') return answerText(IMAGE_UNAVAILABLE, IMAGE_UNAVAILABLE.message);
  if (who === 'none') return answerText({ kind: 'forbidden' }, '请先登录办理平台。');
  if (!serve) return answerText({ kind: 'not-found' }, '本站未保存图片。');
  const answer = await serve(who, {
    reference: url.searchParams.get('ref'),
    index: url.searchParams.get('n'),
    step: url.searchParams.get('e'),
    download: url.searchParams.get('download') === '1',
  });
  if (answer.kind !== 'ok') return answerText(answer, answer.message);
  const response = imageResponse(answer, url.searchParams.get('download') === '1' ? 'attachment' : 'inline');
  workspaceHeaders(response.headers);
  return response;
};
