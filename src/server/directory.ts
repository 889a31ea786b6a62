import type { ContentSet } from '../catalog/integrity';
import type { Directory } from '../domain/directory';

/** The part of content/ the domain needs, as plain maps. */
export function directoryFrom(content: ContentSet): Directory {
  return {
    schools: new Map(content.schools.map((s) => [s.id, { name: s.name, bureau: s.bureau }])),
    aspects: new Map(content.aspects.map((a) => [a.id, { name: a.name, category: a.category }])),
    bureaus: new Map(content.bureaus.map((b) => [b.id, { name: b.name, email: b.email }])),
    deadlines: content.settings.deadlines,
    retentionDays: content.settings.retentionDays,
    supervisor: content.settings.supervisor,
  };
}
