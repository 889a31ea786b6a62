import type { APIRoute } from 'astro';
import { imageResponse } from '../../server/imageResponse';
import { clientOf } from '../../server/http';
import { answerText } from '../../server/outcomes';

export const prerender = false;

const WORDS = {
  'not-found': '找不到这张图片，它可能已过期。',
  limited: '预览太频繁，请过一段时间再试。您填写的内容还在。',
  unavailable: '图片暂时无法读取，请稍后再试。',
};

/**
 * The small preview of an image attached to a report not filed yet, for the
 * form and check pages: `?p=<token>`, a token only the page it was uploaded
 * from carries (services/evidence.ts).
 */
export const GET: APIRoute = async (context) => {
  const { url, locals } = context;
  const evidence = locals.services.evidence;
  const token = url.searchParams.get('p') ?? '';
  const preview = evidence && token.length <= 120 ? await evidence.preview(token, clientOf(context)) : { kind: 'not-found' as const };
  if (preview.kind !== 'ok') return answerText(preview, WORDS[preview.kind]);
  return imageResponse({ bytes: preview.bytes, type: 'image/jpeg' });
};
