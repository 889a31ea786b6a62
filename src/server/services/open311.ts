// A read-only Open311 GeoReport v2 view (http://wiki.open311.org/GeoReport_v2)
// of what is public anyway: the aspects as services, and the answers parents
// allowed to be published as closed requests. The parent's description is
// never a field here: `description` names the problem type only.
import type { Registry } from '../../catalogue/registry';
import type { PublicAnswer } from '../../domain/publicAnswers';

export const SPECIFICATION = 'http://wiki.open311.org/GeoReport_v2';

export function discovery(origin: string, registry: Registry, changeset: string) {
  return {
    changeset,
    contact: `${registry.settings.supervisor.name} <${registry.settings.supervisor.email}>`,
    key_service: '只读接口，不需要密钥；本接口不接受提交举报，请使用网站上的举报表单。',
    endpoints: [{ specification: SPECIFICATION, url: `${origin}/open311/v2`, changeset, type: 'production', formats: ['application/json'] }],
  };
}

export function services(registry: Registry) {
  const category = (id: string) => registry.categories.find((c) => c.id === id)?.name ?? '';
  return registry.aspects.map((a) => ({ service_code: a.id, service_name: a.name, description: a.description, metadata: false, type: 'realtime', keywords: a.examples.join(','), group: category(a.category) }));
}

/** A China day as the start of that day in China, the only time of day that is published. */
const dayTime = (day: string) => `${day}T00:00:00+08:00`;

export function requests(answers: PublicAnswer[], registry: Registry, query: URLSearchParams) {
  const aspect = (id: string) => registry.aspects.find((a) => a.id === id)?.name ?? '不确定属于哪一类';
  const codes = query.get('service_code')?.split(',').filter(Boolean);
  const ids = query.get('service_request_id')?.split(',').filter(Boolean);
  const status = query.get('status');
  const [start, end] = [query.get('start_date'), query.get('end_date')].map((d) => (d ? Date.parse(d) : NaN));
  return answers
    .filter((a) => (!codes || codes.includes(a.aspect)) && (!ids || ids.includes(a.id)) && (!status || status === 'closed'))
    .filter((a) => (Number.isNaN(start!) || Date.parse(dayTime(a.filedOn)) >= start!) && (Number.isNaN(end!) || Date.parse(dayTime(a.filedOn)) <= end!))
    .map((a) => {
      const school = registry.schools.find((s) => s.id === a.school);
      const latest = a.answers.at(-1)!;
      return {
        service_request_id: a.id,
        status: 'closed',
        status_notes: latest.text,
        service_name: aspect(a.aspect),
        service_code: a.aspect,
        description: `关于${school?.name ?? '学校'}“${aspect(a.aspect)}”的举报（举报内容不公开）`,
        agency_responsible: registry.bureaus.find((b) => b.id === a.bureau)?.name ?? a.bureau,
        service_notice: '',
        requested_datetime: dayTime(a.filedOn),
        updated_datetime: dayTime(latest.on),
        expected_datetime: null,
        address: school ? `${school.name}，${school.address}` : '',
        address_id: a.school,
        zipcode: null,
        media_url: null,
      };
    });
}
