import type { APIRoute } from 'astro';
import { storeIsDown } from '../../server/http';
import { imageRefusal, imageResponse } from '../../server/imageResponse';
import { SESSION_COOKIE, workspaceHeaders } from '../../server/workspaceHttp';

export const prerender = false;

/**
 * An evidence image in the workspace: `?ref=<reference>&n=<1..3>` for the
 * signed-in bureau that handles it (services/workspaceEvidence.ts);
 * `&download=1` saves it instead of showing it.
 */
export const GET: APIRoute = async ({ url, locals, cookies }) => {
  const serve = locals.services.workspaceEvidence;
  let answer: Awaited<ReturnType<NonNullable<typeof serve>>>;
  try {
    const who = await locals.services.workspace.session(cookies.get(SESSION_COOKIE)?.value);
    if (!who) return imageRefusal(403, '请先登录办理平台。');
    if (!serve) return imageRefusal(404, '本站未保存图片。');
    answer = await serve(who, { reference: url.searchParams.get('ref'), index: url.searchParams.get('n'), download: url.searchParams.get('download') === '1' });
  } catch (error) {
    if (storeIsDown(error)) return imageRefusal(503, '系统暂时无法读取，请稍后再试。');
    throw error;
  }
  if (answer.status !== 200) return imageRefusal(answer.status, answer.message);
  const response = imageResponse(answer, url.searchParams.get('download') === '1' ? 'attachment' : 'inline');
  workspaceHeaders(response.headers);
  return response;
};
