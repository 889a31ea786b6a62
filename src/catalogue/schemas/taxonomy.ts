import { z } from 'astro/zod';
import { stableId, text } from './primitives';

/** A focus category of the campaign, e.g. 违规招生行为. */
export const categorySchema = z.object({
  /** Stable id, e.g. `enrolment`. */
  id: stableId,
  /** Name shown to parents. */
  name: text('类别名称'),
  /** One or two plain sentences on what the category covers. */
  description: text('类别说明'),
});

/** One of the aspects under a category: a concrete kind of violation. */
export const aspectSchema = z.object({
  /** Stable id used in URLs (/aspects/<id>/), notices and complaints. */
  id: stableId,
  /** Id of its category (see categories.yaml). */
  category: stableId,
  /** Name shown to parents, e.g. 不按划分学区招生. */
  name: text('问题名称'),
  /** What counts as a violation, in plain words a parent understands. */
  description: text('问题说明'),
  /** Short examples of what a parent might see; optional. */
  examples: z.array(text('示例')).default([]),
});

export type Category = z.infer<typeof categorySchema>;
export type Aspect = z.infer<typeof aspectSchema>;
