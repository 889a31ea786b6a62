/**
 * Duties (issue 25): what schools and bureaus must publish and when, as
 * content/site.yaml says (`duties`), evaluated against what they published.
 * Pure: the day is passed in.
 */
export { dutyPeriods, periodsOfSet, type DutyPeriod, type PhaseSpan } from './periods';
export { evaluateDuty, type DutyState, type DutyStatus, type Publication } from './evaluate';
export { dutyStatus, dueBetween, currentAndLastDue, overdueDays, dutyWords, isLate, type DutyFacts, type DutySubjects, type PeriodChoice } from './status';
export { remindersDue, dutyReminderId, digestWeek, type DutyReminder } from './reminders';
