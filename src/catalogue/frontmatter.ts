import yaml from 'js-yaml';

/**
 * Splits a Markdown file into YAML frontmatter and body.
 *
 * Parsed with js-yaml's CORE schema, which has no timestamp type: a date
 * stays the text the editor wrote, so `2024-13-45` reaches the schema as
 * written and is refused, instead of silently rolling over to 2025-02-14 as
 * the default schema's Date would.
 */
export function splitFrontmatter(text: string, fileName: string): { data: Record<string, unknown>; body: string } {
  const match = /^\uFEFF?---\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)([\s\S]*)$/.exec(text);
  if (!match) throw new Error(`${fileName} 缺少开头的“---”设置区（frontmatter）：文件应以 --- 开始，写完设置后再用一行 --- 结束。`);
  let data: unknown;
  try {
    data = yaml.load(match[1]!, { filename: fileName, schema: yaml.CORE_SCHEMA });
  } catch (error) {
    throw new Error(`${fileName} 的设置区不是有效的 YAML：${(error as Error).message}`);
  }
  if (!data || typeof data !== 'object' || Array.isArray(data)) throw new Error(`${fileName} 的设置区应为“字段: 值”的形式。`);
  return { data: data as Record<string, unknown>, body: match[2]! };
}
