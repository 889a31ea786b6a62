import { getCollection, getEntry } from 'astro:content';
import { checkIntegrity, describeProblems, type ContentSet } from './integrity';
import { newestFirst } from './notices';

let cached: Promise<ContentSet> | undefined;

/**
 * Loads every collection once per build (or server process) and checks the
 * references between them; a broken reference fails the build with a
 * message naming the file and field.
 */
export function loadContent(): Promise<ContentSet> {
  cached ??= (async () => {
    const settings = await getEntry('settings', 'site');
    if (!settings) throw new Error('缺少 content/site.yaml（网站与专项治理设置）。');
    const content: ContentSet = {
      settings: settings.data,
      categories: (await getCollection('categories')).map((e) => e.data),
      aspects: (await getCollection('aspects')).map((e) => e.data),
      bureaus: (await getCollection('bureaus')).map((e) => e.data),
      schools: (await getCollection('schools')).map((e) => e.data),
      notices: newestFirst((await getCollection('notices')).map((e) => ({ id: e.id, data: e.data }))),
    };
    const problems = checkIntegrity(content);
    if (problems.length > 0) throw new Error(describeProblems(problems));
    return content;
  })();
  return cached;
}
