import type { Registry } from './registry';

const built = new WeakMap<Registry, ReturnType<typeof buildLookup>>();

/**
 * Maps from id to entry for every collection, built once per content set:
 * every page and component asks for them, and rebuilding them per call made
 * the build cost grow with pages × schools.
 */
export function lookup(content: Registry) {
  let found = built.get(content);
  if (!found) built.set(content, (found = buildLookup(content)));
  return found;
}

function buildLookup(content: Registry) {
  const byId = <T extends { id: string }>(items: readonly T[]) => new Map(items.map((item) => [item.id, item]));
  const get = <T>(map: Map<string, T>, id: string, what: string): T => {
    const found = map.get(id);
    // Integrity has checked every reference; reaching this is a programming error.
    if (!found) throw new Error(`unknown ${what} id: ${id}`);
    return found;
  };
  const schools = byId(content.schools);
  const bureaus = byId(content.bureaus);
  const aspects = byId(content.aspects);
  const categories = byId(content.categories);
  return {
    school: (id: string) => get(schools, id, 'school'),
    bureau: (id: string) => get(bureaus, id, 'bureau'),
    aspect: (id: string) => get(aspects, id, 'aspect'),
    category: (id: string) => get(categories, id, 'category'),
    phase: (id: string) => content.settings.campaign.phases.find((p) => p.id === id),
  };
}
