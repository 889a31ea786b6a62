import type { APIRoute } from 'astro';
import { imageRefusal, imageResponse } from '../../server/imageResponse';
import { clientOf, storeIsDown } from '../../server/http';

export const prerender = false;

/**
 * The small preview of an image attached to a report not filed yet, for the
 * form and check pages: `?p=<token>`, a token only the page it was uploaded
 * from carries (services/evidence.ts).
 */
export const GET: APIRoute = async (context) => {
  const { url, locals } = context;
  const evidence = locals.services.evidence;
  const token = url.searchParams.get('p') ?? '';
  let preview: Uint8Array | null | 'limited';
  try {
    preview = evidence && token.length <= 120 ? await evidence.preview(token, clientOf(context)) : null;
  } catch (error) {
    if (storeIsDown(error)) return imageRefusal(503, '图片暂时无法读取，请稍后再试。');
    throw error;
  }
  if (preview === 'limited') return imageRefusal(429, '预览太频繁，请过一段时间再试。您填写的内容还在。');
  if (!preview) return imageRefusal(404, '找不到这张图片，它可能已过期。');
  return imageResponse({ bytes: preview, type: 'image/jpeg' });
};
