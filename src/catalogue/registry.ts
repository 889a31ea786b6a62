import settingsFile from '../../content/site.yaml?raw';
import categoriesFile from '../../content/categories.yaml?raw';
import aspectsFile from '../../content/aspects.yaml?raw';
import bureausFile from '../../content/bureaus.yaml?raw';
import schoolsFile from '../../content/schools.yaml?raw';
import { parseRegistry, type Registry } from './read';
import type { Directory } from '../domain/directory';

export type { Registry } from './read';

// The files are imported as text, so that the on-demand server bundle holds
// these few kilobytes and not Astro's content store, whose rendered notices
// grow with every notice published (36.6 MB at 20,000; docs/benchmarks.md).
// A mistake fails the build (every page imports this) with the file, the item
// and the field at fault (read.ts).

/** Settings, taxonomy, bureaus and schools, parsed once per build or process. */
export const registry: Registry = parseRegistry({
  settings: settingsFile,
  categories: categoriesFile,
  aspects: aspectsFile,
  bureaus: bureausFile,
  schools: schoolsFile,
});

/** What the domain needs to know of the content, as plain maps. */
export function directoryFrom(content: Registry): Directory {
  return {
    schools: new Map(content.schools.map((s) => [s.id, { name: s.name, bureau: s.bureau }])),
    aspects: new Map(content.aspects.map((a) => [a.id, { name: a.name, category: a.category }])),
    bureaus: new Map(content.bureaus.map((b) => [b.id, { name: b.name, email: b.email }])),
    deadlines: content.settings.deadlines,
    retentionDays: content.settings.retentionDays,
    followUpDays: content.settings.followUpDays,
    waitForOthers: content.settings.waitForOthers,
    supervisor: content.settings.supervisor,
  };
}
