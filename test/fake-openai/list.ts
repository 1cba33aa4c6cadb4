// Cursor pagination the way OpenAI list endpoints do it: limit, order, after → data, first_id, last_id, has_more.

export interface Page<T> { object: 'list'; data: T[]; first_id: string; last_id: string; has_more: boolean }

export function paginate<T extends { id?: unknown }>(all: readonly T[], query: URLSearchParams, defaults: { order: 'asc' | 'desc'; limit: number; maxLimit: number }): Page<T> {
  const order = query.get('order') === 'asc' || query.get('order') === 'desc' ? query.get('order') : defaults.order;
  const ordered = order === 'asc' ? [...all] : [...all].reverse();
  const requested = Number(query.get('limit'));
  const limit = Number.isInteger(requested) && requested > 0 ? Math.min(requested, defaults.maxLimit) : defaults.limit;
  const after = query.get('after');
  const start = after ? ordered.findIndex((x) => x.id === after) + 1 : 0;
  const data = ordered.slice(start, start + limit);
  return {
    object: 'list',
    data,
    // The spec types both ids as strings (never null), so an empty page says ''.
    first_id: String(data[0]?.id ?? ''),
    last_id: String(data[data.length - 1]?.id ?? ''),
    has_more: start + limit < ordered.length,
  };
}
