/** The element each field's error links to on the recording form (the first input of a group). */
export const recordTargets: Record<string, string> = {
  channel: 'channel-phone',
  receivedOn: 'receivedOn',
  school: 'school',
  aspect: 'aspect',
  description: 'description',
  occurredOn: 'occurredOn',
  anonymous: 'anonymous-yes',
  name: 'name',
  phone: 'phone',
  email: 'email',
  contactConsent: 'contactConsent-yes',
  smsMobile: 'smsMobile',
  formKey: 'record-submit',
  rate: 'record-submit',
  store: 'record-submit',
};
