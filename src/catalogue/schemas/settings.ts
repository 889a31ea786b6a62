import { z } from 'astro/zod';
import { email, isoDate, stableId, text } from './primitives';
import { officers } from './organisations';
import { dutiesSchema } from './duties';
import { assessmentSchema } from './assessment';

/** One phase of the campaign (动员部署 → 自查自纠 → 督查问责 → 总结巩固). */
export const phaseSchema = z.object({
  /** Stable id that notices use in their `phase` field, e.g. `self-inspection`. */
  id: stableId,
  /** Name shown to parents, e.g. 自查自纠. */
  name: text('阶段名称'),
  /** One plain sentence on what happens in this phase. */
  description: text('阶段说明'),
  /** First day of the phase. */
  startsOn: isoDate,
  /** Last day of the phase; leave out for a phase that goes on (长期坚持). */
  endsOn: isoDate.optional(),
});

/** One SMS template: the provider's code and the approved wording. */
const smsTemplate = z.object({
  code: text('短信模板编号'),
  text: text('短信模板内容'),
});

/** Site and campaign settings: everything about one city that is not a list. */
export const settingsSchema = z
  .object({
    /** The city this deployment serves, e.g. 亳州市. */
    city: text('城市名称'),
    /** Site title shown in the header and the browser tab. */
    siteTitle: text('网站标题'),
    /** One sentence under the title on the home page. */
    tagline: text('网站简介'),
    /** The campaign this site serves. */
    campaign: z.object({
      /** Short name, e.g. 义务教育学校违规办学行为专项治理. */
      name: text('专项治理名称'),
      /** Title of the implementation plan, with its book-title marks. */
      plan: text('实施方案名称'),
      /** Id of the bureau that launched the campaign (see bureaus.yaml). */
      issuer: stableId,
      /** Launch date. */
      launchedOn: isoDate,
      /** Planned end of the concentrated phase; the work goes on after it when `ongoing` is true. */
      endsOn: isoDate,
      /** True when the campaign is "kept up long-term" (长期坚持) after `endsOn`. Default: true. */
      ongoing: z.boolean().default(true),
      /** The phases, in order. At least one. */
      phases: z.array(phaseSchema).min(1, { error: '至少需要一个阶段' }),
    }),
    /** Legal clocks for complaints, in calendar days (信访工作条例). */
    deadlines: z.object({
      /** Days the bureau has to accept or refuse a complaint. Default 15. */
      acceptDays: z.number().int().positive().default(15),
      /** Days from acceptance to the answer. Default 60. */
      resolveDays: z.number().int().positive().default(60),
      /** Days one extension adds (only one is allowed). Default 30. */
      extensionDays: z.number().int().positive().default(30),
      /** Days the parent has to ask for review after the answer. Default 30. */
      reviewDays: z.number().int().positive().default(30),
    }),
    /** The office that holds the bureaus to their deadlines (receives the overdue digest). */
    supervisor: z.object({
      /** Its name, e.g. 亳州市政府教育督导委员会办公室. */
      name: text('督导机构名称'),
      /** Where the daily overdue digest goes; it also signs in to the workspace. */
      email,
      /** People of the office who sign in besides `email`, by name and role. Default none. */
      officers,
      /** Repeated complaints about one school (重信重访) the office's overview lists as a signal: at least `count` filed within `days` days. Default 3 in 90. */
      repeats: z
        .object({
          /** Complaints about one school that make a signal. Default 3. */
          count: z.number().int().min(2).default(3),
          /** Days back from today they are counted over. Default 90. */
          days: z.number().int().positive().default(90),
        })
        .prefault({}),
    }),
    /** Publishing notices in the site (docs/publishing.md). Defaults apply when left out. */
    notices: z
      .object({
        /** A school's notice waits for its bureau's approval before it is published. Default true. */
        approvalRequired: z.boolean().default(true),
      })
      .prefault({}),
    /**
     * Short messages to parents who leave a mobile number for updates. The
     * signature and each template must be approved by the SMS provider first
     * (Alibaba Cloud: SignName and TemplateCode; Tencent Cloud: SignName and
     * TemplateId); `text` is the approved wording, with ${reference} and
     * ${status} where the template takes them (Tencent numbers them {1} {2}
     * in that order), shown in the local outbox. Leave `sms` out and the form
     * offers no SMS field.
     */
    sms: z
      .object({
        signName: text('短信签名'),
        templates: z.object({
          /**
           * Every step the others do not cover (${status} is the step in
           * words, e.g. 教育局受理), and a complaint that waited for other
           * parents going to the bureau (${status} is 已转给教育局办理).
           */
          update: smsTemplate,
          /** The bureau asked the parent a question, to answer on the status page. */
          question: smsTemplate,
          /** The bureau answered: the parent is asked to rate the answer. */
          rating: smsTemplate,
          /** 回访: `followUpDays` after closing, "问题还存在吗？". */
          followUp: smsTemplate,
        }),
        /** Messages one number may get per day; more wait for the next day. Default 5. */
        perNumberPerDay: z.number().int().positive().default(5),
        /** Messages the site may send per day; more wait for the next day. Default 2000. */
        perDay: z.number().int().positive().default(2000),
      })
      .optional(),
    /** What schools and bureaus must publish and when, and the reminders (schemas/duties.ts). Default: none. */
    duties: dutiesSchema.prefault({}),
    /** "等到至少 N 位家长反映同一问题再转给教育局": how many parents a waiting complaint waits for, and for how many days at most. Default 3 in 30. */
    waitForOthers: z
      .object({
        /** Complaints about one school and aspect (waiting or not, filed within `days`) that send the waiting ones to the bureau. */
        parents: z.number().int().min(2).default(3),
        /** The longest wait, in calendar days from filing; then it goes alone or is withdrawn and deleted, as the parent chose. */
        days: z.number().int().positive().default(30),
      })
      .default({ parents: 3, days: 30 }),
    /** Days a closed complaint and its personal data are kept before they expire. Default 365. */
    retentionDays: z.number().int().positive().default(365),
    /** Days after a complaint is closed when the parent is asked "问题还存在吗？" (回访), by email or on the status page. Default 30. */
    followUpDays: z.number().int().positive().default(30),
    /** True while the contacts and schools are fictional placeholders; shows a banner. */
    sample: z.boolean().default(false),
    /** The county scorecard (/assessment/): indicators and their weights. Defaults apply when left out. */
    assessment: assessmentSchema,
    /** Public statistics and open data (/stats/, /open-data/). Defaults apply when left out. */
    statistics: z
      .object({
        /** Counts from 1 to one below this are shown as "少于 N", never as a digit. At least 3. Default 5. */
        minCount: z.number().int().min(3, { error: '至少为 3：否则“少于 2”就等于说出了 1' }).default(5),
        /** Shares and medians are shown only for groups at least this large. Default 5. */
        minGroup: z.number().int().min(2).default(5),
        /** The licence of the open data, shown on /open-data/ and in every file. */
        licence: z
          .object({
            /** Its name, e.g. 知识共享署名 4.0 国际许可协议（CC BY 4.0）. */
            name: text('许可协议名称'),
            /** Where its text is. */
            url: z.url({ error: '许可协议链接应为网址' }),
          })
          .default({ name: '知识共享署名 4.0 国际许可协议（CC BY 4.0）', url: 'https://creativecommons.org/licenses/by/4.0/deed.zh-hans' }),
      })
      .prefault({}),
  })
  .superRefine((settings, ctx) => {
    const phases = settings.campaign.phases;
    phases.forEach((phase, index) => {
      if (phase.endsOn && phase.endsOn < phase.startsOn) {
        ctx.addIssue({ code: 'custom', path: ['campaign', 'phases', index, 'endsOn'], message: `结束日期 ${phase.endsOn} 早于开始日期 ${phase.startsOn}` });
      }
      const next = phases[index + 1];
      if (next && next.startsOn < phase.startsOn) {
        ctx.addIssue({ code: 'custom', path: ['campaign', 'phases', index + 1, 'startsOn'], message: '阶段应按时间先后排列' });
      }
    });
  });

export type Settings = z.infer<typeof settingsSchema>;
export type Phase = z.infer<typeof phaseSchema>;
