/** Formats `YYYY-MM-DD` the way Chinese readers write it: 2024年5月10日. */
export function formatDate(iso: string): string {
  const [y, m, d] = iso.slice(0, 10).split('-').map(Number);
  return `${y}年${m}月${d}日`;
}
