import { periodDays } from '../../domain/assessment/periods';
import type { Tally } from '../../domain/assessment/indicators';
import { itemsClosedTally, type ItemRow } from '../../domain/rectification';
import type { NoticeStore } from '../../ports/noticeStore';
import type { RectificationStore } from '../../ports/rectificationStore';
import { rowsOfSchool } from './rectificationRows';

/**
 * "整改事项按期完成" for the county scorecard (issue 25): the rectification items
 * a bureau wrote from substantiated complaints, as the schools published them
 * (their rows' deadlines and the day each reached 已整改, from the notice store).
 */
export function itemsAssessment(deps: { items: RectificationStore; notices: NoticeStore }) {
  return async (bureau: string, period: string): Promise<Tally | null> => {
    const { first, last } = periodDays(period);
    const items = await deps.items.ofBureau(bureau);
    const rows: ItemRow[] = [];
    for (const school of new Set(items.map((i) => i.school))) {
      const published = await rowsOfSchool(deps.notices, school);
      for (const item of items) if (item.school === school && published.has(item.id)) rows.push(published.get(item.id)!);
    }
    return itemsClosedTally(rows, first, last);
  };
}
