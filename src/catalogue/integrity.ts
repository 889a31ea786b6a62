import type { Settings } from './schemas/settings';
import type { Aspect, Category } from './schemas/taxonomy';
import type { Bureau, School } from './schemas/organisations';
import type { Notice } from './schemas/notices';

/** The content of one deployment, as loaded from content/. */
export interface ContentSet {
  settings: Settings;
  categories: Category[];
  aspects: Aspect[];
  bureaus: Bureau[];
  schools: School[];
  /** Notices with their id (file name without .md). */
  notices: Array<{ id: string; data: Notice }>;
}

/** One broken reference, located so that an editor can fix it. */
export interface IntegrityProblem {
  /** The file to open, relative to the project root. */
  file: string;
  /** The field, as a dotted path (e.g. `ledger.2.aspect`). */
  field: string;
  /** What is wrong and what is expected. */
  message: string;
}

/**
 * Checks the references between collections: a notice's school, bureau,
 * phase and aspects exist, every school has a bureau, and so on. Zod checks
 * each file on its own; only this sees them together.
 */
export function checkIntegrity(content: ContentSet): IntegrityProblem[] {
  const problems: IntegrityProblem[] = [];
  const ids = {
    category: new Set(content.categories.map((c) => c.id)),
    aspect: new Set(content.aspects.map((a) => a.id)),
    bureau: new Set(content.bureaus.map((b) => b.id)),
    school: new Set(content.schools.map((s) => s.id)),
    phase: new Set(content.settings.campaign.phases.map((p) => p.id)),
  };
  const where = {
    aspect: 'content/aspects.yaml',
    bureau: 'content/bureaus.yaml',
    school: 'content/schools.yaml',
    phase: 'content/site.yaml',
    category: 'content/categories.yaml',
  };
  const expect = (kind: keyof typeof ids, value: string, file: string, field: string) => {
    if (!ids[kind].has(value)) {
      problems.push({ file, field, message: `找不到编号 “${value}”：应为 ${where[kind]} 中已有的编号` });
    }
  };

  expect('bureau', content.settings.campaign.issuer, 'content/site.yaml', 'campaign.issuer');
  if (!content.bureaus.some((b) => b.level === 'city')) {
    problems.push({ file: 'content/bureaus.yaml', field: 'level', message: '至少要有一个 level: city 的市级教育局（负责市直学校并汇总逾期情况）' });
  }
  content.aspects.forEach((a, i) => expect('category', a.category, 'content/aspects.yaml', `${i}.category`));
  content.schools.forEach((s, i) => expect('bureau', s.bureau, 'content/schools.yaml', `${i}.bureau`));

  for (const { id, data } of content.notices) {
    const file = `content/notices/${id}.md`;
    expect('phase', data.phase, file, 'phase');
    data.aspects.forEach((a, i) => expect('aspect', a, file, `aspects.${i}`));
    if ('school' in data) expect('school', data.school, file, 'school');
    if ('bureau' in data) expect('bureau', data.bureau, file, 'bureau');
    if (data.kind === 'rectification') {
      const items = new Set<string>();
      data.ledger.forEach((row, i) => {
        expect('aspect', row.aspect, file, `ledger.${i}.aspect`);
        if (row.item && items.has(row.item))
          problems.push({ file, field: `ledger.${i}.item`, message: `同一公示中 item “${row.item}” 出现了两次：每个问题只写一行` });
        if (row.item) items.add(row.item);
      });
    }
    if (data.kind === 'bulletin' || data.kind === 'exposure') {
      data.findings.forEach((f, i) => {
        expect('school', f.school, file, `findings.${i}.school`);
        expect('aspect', f.aspect, file, `findings.${i}.aspect`);
      });
    }
  }
  return problems;
}

/** Formats problems as the message of a failed build. */
export function describeProblems(problems: IntegrityProblem[]): string {
  const lines = problems.map((p) => `  ${p.file} → ${p.field}: ${p.message}`);
  return `内容有 ${problems.length} 处引用错误，请修改后重新构建：\n${lines.join('\n')}`;
}
