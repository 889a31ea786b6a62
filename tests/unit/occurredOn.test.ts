// The date a parent gives (`occurredOn`): every string gets either the
// complaint or one message in Chinese, never an exception (an impossible
// day used to throw from toISOString() and answer 500).
import { describe, expect, it } from 'vitest';
import { parseComplaintInput } from '../../src/domain/complaintInput';
import { sampleDirectory } from '../support/directory';

const directory = sampleDirectory();
const today = '2026-11-27';
const valid = { school: 'qc-xinghe-primary', aspect: 'homework', description: '一年级每天都布置两页书面作业，要求家长签字。', anonymous: true };
const FORMAT = '日期格式应为 年-月-日，例如 2026-11-20';

describe('occurredOn', () => {
  it.each<[string, string | undefined]>([
    ['2026-11-27', undefined],
    ['2024-02-29', undefined],
    ['2000-02-29', undefined],
    ['2026-01-31', undefined],
    ['0001-01-01', undefined],
    ['2026-13-01', '日历上没有 2026-13-01 这一天，请检查年、月、日'],
    ['0000-00-00', '日历上没有 0000-00-00 这一天，请检查年、月、日'],
    ['2026-01-32', '日历上没有 2026-01-32 这一天，请检查年、月、日'],
    ['9999-99-99', '日历上没有 9999-99-99 这一天，请检查年、月、日'],
    ['2026-02-29', '日历上没有 2026-02-29 这一天，请检查年、月、日'],
    ['2024-02-30', '日历上没有 2024-02-30 这一天，请检查年、月、日'],
    ['1900-02-29', '日历上没有 1900-02-29 这一天，请检查年、月、日'],
    ['0099-02-29', '日历上没有 0099-02-29 这一天，请检查年、月、日'],
    ['2026-00-10', '日历上没有 2026-00-10 这一天，请检查年、月、日'],
    ['2026-11-28', '日期不能晚于今天'],
    ['9999-12-31', '日期不能晚于今天'],
    ['2026-1-5', FORMAT],
    ['2026/11/20', FORMAT],
    ['11月20日', FORMAT],
    ['２０２６-１１-２０', FORMAT],
    ['+02026-11-20', FORMAT],
  ])('%s → %s', (occurredOn, message) => {
    const result = parseComplaintInput({ ...valid, occurredOn }, directory, today);
    if (message === undefined) expect(result).toMatchObject({ ok: true, value: { occurredOn } });
    else expect(result).toEqual({ ok: false, errors: { occurredOn: message } });
  });
});
