// The body of a notice as blocks of plain text: what a clerk types and the
// blocks the pages show, written out. HTML, script URLs and control
// characters come out as text (or, for controls, not at all).
import { describe, expect, it } from 'vitest';
import { parseBody, type BodyBlock } from '../../src/domain/notices/body';

const p = (text: string): BodyBlock => ({ type: 'paragraph', text });
const h = (text: string): BodyBlock => ({ type: 'heading', text });
const ul = (...items: string[]): BodyBlock => ({ type: 'list', ordered: false, items });
const ol = (...items: string[]): BodyBlock => ({ type: 'list', ordered: true, items });

describe('parseBody', () => {
  it.each<[string, string, BodyBlock[]]>([
    ['empty', '', []],
    ['one paragraph over two lines', '学校成立工作组。\n校长任组长。', [p('学校成立工作组。\n校长任组长。')]],
    ['paragraphs split by a blank line', '第一段。\n\n第二段。', [p('第一段。'), p('第二段。')]],
    ['subheadings of three depths', '# 一、基本情况\n## 二、问题\n### 三、措施', [h('一、基本情况'), h('二、问题'), h('三、措施')]],
    ['a hash with no space is text', '#话题', [p('#话题')]],
    ['four hashes are text', '#### 太深', [p('#### 太深')]],
    ['a bulleted list', '- 停止补课\n* 退还费用\n• 公开作业', [ul('停止补课', '退还费用', '公开作业')]],
    ['numbered lists, Chinese and western', '1. 自查\n2、整改\n（3）公示', [ol('自查', '整改', '公示')]],
    ['a paragraph then a list', '措施如下：\n- 停止补课', [p('措施如下：'), ul('停止补课')]],
    ['a bulleted list then a numbered one', '- 甲\n1. 乙', [ul('甲'), ol('乙')]],
    ['a line under an item continues it', '- 停止补课\n  自十二月起', [ul('停止补课\n自十二月起')]],
    ['a heading ends a list', '- 甲\n## 下一节\n正文', [ul('甲'), h('下一节'), p('正文')]],
    ['CR LF line breaks', '第一段。\r\n\r\n第二段。', [p('第一段。'), p('第二段。')]],
  ])('%s', (_, input, expected) => {
    expect(parseBody(input)).toEqual(expected);
  });

  it.each<[string, string, BodyBlock[]]>([
    ['a script tag stays text', '<script>alert(1)</script>', [p('<script>alert(1)</script>')]],
    ['an image with an onerror stays text', '<img src=x onerror=alert(1)>', [p('<img src=x onerror=alert(1)>')]],
    ['a Markdown link stays text', '[点这里](javascript:alert(1))', [p('[点这里](javascript:alert(1))')]],
    ['a bare script URL stays text', 'javascript:alert(document.cookie)', [p('javascript:alert(document.cookie)')]],
    ['HTML in a heading and an item stays text', '## <b>粗</b>\n- <a href="x">链接</a>', [h('<b>粗</b>'), ul('<a href="x">链接</a>')]],
    ['control and invisible characters go', '整改\u0000\u0007\u001b[31m完成\u202e\u200b。', [p('整改[31m完成。')]],
    ['a line of invisible characters is blank', '第一段。\n\u200b\u2060\n第二段。', [p('第一段。'), p('第二段。')]],
  ])('%s', (_, input, expected) => {
    expect(parseBody(input)).toEqual(expected);
  });
});
