/** Escapes text for HTML: every piece of user text in an email goes through this. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** A minimal HTML email around paragraphs and rows; inline styles only, as mail clients need. */
export function layout(title: string, body: string): string {
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body style="font-family:sans-serif;line-height:1.6;color:#1d2428;max-width:40rem;margin:0 auto;padding:1rem">${body}</body></html>`;
}

/** A two-column table of facts. */
export function factsTable(rows: Array<[string, string]>): string {
  return `<table style="border-collapse:collapse">${rows.map(([k, v]) => `<tr><th style="text-align:left;padding:4px 12px 4px 0;vertical-align:top;white-space:nowrap">${escapeHtml(k)}</th><td style="padding:4px 0;white-space:pre-wrap">${escapeHtml(v)}</td></tr>`).join('')}</table>`;
}

/** Plain-text lines for the same facts. */
export const factsText = (rows: Array<[string, string]>) => rows.map(([k, v]) => `${k}：${v}`).join('\n');
