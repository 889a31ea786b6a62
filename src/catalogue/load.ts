import { getCollection } from 'astro:content';
import { checkIntegrity, describeProblems, type ContentSet } from './integrity';
import { newestFirst } from './notices';
import { registry } from './registry';
import { mergeNotices, type NoticeSource } from './sources';

/** content/notices as the pages see it: Astro's collection (content.config.ts), rendered Markdown included. */
const contentNotices: NoticeSource = {
  name: 'content/notices',
  notices: async () => (await getCollection('notices')).map((e) => ({ id: e.id, data: e.data })),
};

let cached: Promise<ContentSet> | undefined;

/**
 * The whole content, for the prerendered pages: the registry and the notices,
 * loaded once per build with the references between them checked; a broken
 * reference fails the build with a message naming the file and field.
 */
export function loadContent(): Promise<ContentSet> {
  cached ??= (async () => {
    const content: ContentSet = { ...registry, notices: newestFirst(await mergeNotices([contentNotices])) };
    const problems = checkIntegrity(content);
    if (problems.length > 0) throw new Error(describeProblems(problems));
    return content;
  })();
  return cached;
}
