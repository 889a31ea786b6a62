import { MAX_QUERY_CHARS } from './query';
import type { HitGroup, SearchAnswer } from './results';

/**
 * What the search page says, in plain words, for the server's answer and the
 * browser's alike. Every string is text: pages render it escaped.
 */
export const searchMessages = {
  label: '搜索学校、公示或问题',
  hint: '可以输入学校简称（如“星河”“三中”）、公示标题里的词，或遇到的问题（如“补课”“教辅”）。',
  button: '搜索',
  empty: '请输入要找的学校、公示或问题。',
  tooShort: (text: string) => `“${text}”太短了，会找到几乎所有页面。请多输入一两个字，例如学校名称“星河小学”或问题“补课”。`,
  none: (text: string) => `没有找到与“${text}”有关的学校、公示或问题。`,
  noneTips: ['检查有没有错别字；', '换个说法，例如“收费”“补课”“作业”；', '只输入学校名称中的两三个字，例如“星河”。'],
  found: (text: string, total: number) => `找到 ${total} 条与“${text}”有关的结果。`,
  partial: '没有同时包含所有词语的结果，下面是包含其中部分词语的结果。',
  truncated: `您输入的内容太长，只按前 ${MAX_QUERY_CHARS} 个字搜索。`,
  groupHeading: (group: HitGroup) => `${group.label}（${group.total}）`,
  more: (group: HitGroup) => `还有 ${group.total - group.hits.length} 条${group.label}没有列出，请多输入几个字缩小范围。`,
  loading: '正在搜索……',
};

/** The sentence announced after a search (role="status"). */
export function statusOf(answer: SearchAnswer): string {
  switch (answer.status) {
    case 'empty':
      return searchMessages.empty;
    case 'too-short':
      return searchMessages.tooShort(answer.text);
    case 'none':
      return searchMessages.none(answer.text);
    case 'results':
      return searchMessages.found(answer.text, answer.total);
  }
}
