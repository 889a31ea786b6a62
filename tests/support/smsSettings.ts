import type { SmsSettings } from '../../src/domain/smsNotice';

/** SMS settings for tests that read what a parent is texted: the sample site's wording, codes SMS_1 to SMS_4, caps no test reaches. */
export const SMS_SETTINGS: SmsSettings = {
  signName: '校务监督示例',
  templates: {
    update: { code: 'SMS_1', text: '您反映的问题（编号 ${reference}）有新进展：${status}。' },
    question: { code: 'SMS_2', text: '教育局就您反映的问题（编号 ${reference}）向您提问。' },
    rating: { code: 'SMS_3', text: '您反映的问题（编号 ${reference}）已答复，请评价。' },
    followUp: { code: 'SMS_4', text: '您反映的问题（编号 ${reference}）问题是否还存在？' },
  },
  perNumberPerDay: 5,
  perDay: 100,
};
