import type { APIRoute } from 'astro';
import { imageRefusal, imageResponse } from '../../server/imageResponse';

export const prerender = false;

/**
 * The small preview of an image attached to a report not filed yet, for the
 * form and check pages: `?p=<token>`, a token only the page it was uploaded
 * from carries (services/evidence.ts).
 */
export const GET: APIRoute = async ({ url, locals }) => {
  const evidence = locals.services.evidence;
  const token = url.searchParams.get('p') ?? '';
  const preview = evidence && token.length <= 120 ? await evidence.preview(token) : null;
  if (!preview) return imageRefusal(404, '找不到这张图片，它可能已过期。');
  return imageResponse({ bytes: preview, type: 'image/jpeg' });
};
