/**
 * A small XML writer for plain records, in the shape Open311 GeoReport v2
 * gives its XML (wiki.open311.org/GeoReport_v2): a list is a wrapper element
 * holding one element per item (`<formats><format>…`), a missing value an
 * empty element. Enough for the API's flat records; not a general serializer.
 */
const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function element(name: string, value: unknown, itemNames: Readonly<Record<string, string>>): string {
  if (value === null || value === undefined || value === '') return `<${name}/>`;
  if (Array.isArray(value)) return `<${name}>${value.map((item) => element(itemNames[name] ?? 'item', item, itemNames)).join('')}</${name}>`;
  if (typeof value === 'object')
    return `<${name}>${Object.entries(value)
      .map(([key, inner]) => element(key, inner, itemNames))
      .join('')}</${name}>`;
  return `<${name}>${escape(String(value))}</${name}>`;
}

/**
 * A document whose root element is `root`; `itemNames` names the element of
 * each list's items by the list's own name (e.g. `{ service_requests: 'request' }`).
 */
export function xmlDocument(root: string, value: unknown, itemNames: Readonly<Record<string, string>>): string {
  return `<?xml version="1.0" encoding="utf-8"?>\n${element(root, value, itemNames)}\n`;
}
