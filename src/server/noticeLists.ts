import type { Registry } from '../catalogue/registry';
import type { SignedIn } from './services/workspaceAccess';

/** The choices of the notice forms, from content: phases, aspects, and the schools a body writes findings about (a bureau its own; the office all). */
export function noticeLists(registry: Registry, who: SignedIn) {
  const pair = (x: { id: string; name: string }) => ({ value: x.id, label: x.name });
  return {
    phases: registry.settings.campaign.phases.map(pair),
    aspects: registry.aspects.map(pair),
    schools: registry.schools.filter((s) => who.body.kind !== 'bureau' || s.bureau === who.body.id).map(pair),
  };
}

/** A body's name from the audit's key (`school:<id>`, `bureau:<id>`, `office`). */
export function bodyNameOf(registry: Registry) {
  return (key: string) => {
    const [kind, id] = key.split(':');
    if (kind === 'school') return registry.schools.find((s) => s.id === id)?.name ?? key;
    if (kind === 'bureau') return registry.bureaus.find((b) => b.id === id)?.name ?? key;
    return registry.settings.supervisor.name;
  };
}

export const KIND_NAMES = {
  'self-inspection': '自查报告',
  rectification: '整改公示',
  bulletin: '督查通报',
  exposure: '曝光',
  announcement: '工作动态',
} as const;
export const STATE_NAMES = { draft: '草稿', submitted: '等待审核', returned: '已退回', published: '已发布', withdrawn: '已撤回' } as const;
