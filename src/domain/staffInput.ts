import { checkReceivedOn, STAFF_CHANNELS, type StaffChannel } from './channels';
import { parseComplaintInput, type ComplaintInput, type FieldErrors } from './complaintInput';
import type { Directory } from './directory';

/** A complaint an officer records: the parent's answers as the web form takes them, and how and when it came in. */
export interface StaffInput {
  input: ComplaintInput;
  channel: StaffChannel;
  receivedOn: string;
}

export type StaffErrors = FieldErrors & { channel?: string; receivedOn?: string };

/**
 * Checks what an officer typed for a parent: the same rules as the parent's
 * own form (school, problem type, description, contact only when not
 * anonymous), plus the channel and the day it was received. Never throws;
 * every problem comes back at once, in the form's words.
 */
export function parseStaffInput(
  raw: Record<string, string>,
  directory: Directory,
  today: string,
): { ok: true; value: StaffInput } | { ok: false; errors: StaffErrors } {
  const errors: StaffErrors = {};
  const channel = STAFF_CHANNELS.find((c) => c === raw.channel);
  if (!channel) errors.channel = '请选择举报是怎样收到的：电话、来信、来访或 12345 转办';
  const received = checkReceivedOn(raw.receivedOn, today, directory.deadlines.acceptDays);
  if (!received.ok) errors.receivedOn = received.error;
  // The hidden bot field of the parent's form is not on this page: an officer is signed in.
  const { website: _bot, ...fields } = raw;
  const parsed = parseComplaintInput(fields, directory, today);
  if (!parsed.ok) Object.assign(errors, parsed.errors);
  else if (received.ok && parsed.value.occurredOn && parsed.value.occurredOn > received.day) errors.occurredOn = '事情发生的日期不能晚于收到举报的日期';
  if (!parsed.ok || !channel || !received.ok || Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, value: { input: parsed.value, channel, receivedOn: received.day } };
}
