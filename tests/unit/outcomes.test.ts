// The HTTP boundary's one table (src/server/outcomes.ts): each outcome kind a
// service may return and the status and headers a caller then sees; and
// `whileStoreUp`, the one place where a store outage becomes an outcome.
// The expected statuses are written out from DESIGN.md's contract, never
// read from the module under test.
import { describe, expect, it } from 'vitest';
import { answerJson, answerPage, answerText, statusOf } from '../../src/server/outcomes';
import { whileStoreUp, type OutcomeKind } from '../../src/server/services/outcome';
import { StoreUnavailableError } from '../../src/ports/complaintStore';
import { BlobStoreUnavailableError } from '../../src/ports/blobStore';

describe('an outcome kind becomes one HTTP status', () => {
  it.each<[OutcomeKind, number]>([
    ['ok', 200],
    ['filed', 201],
    ['malformed', 400],
    ['unauthorized', 401],
    ['forbidden', 403],
    ['not-found', 404],
    ['wrong-method', 405],
    ['conflict', 409],
    ['too-large', 413],
    ['unsupported', 415],
    ['invalid', 422],
    ['limited', 429],
    ['unavailable', 503],
  ])('%s → %i', (kind, status) => {
    expect(statusOf(kind)).toBe(status);
  });
});

describe('a JSON answer', () => {
  it('carries the body, no-store, and Retry-After when limited', async () => {
    const res = answerJson({ kind: 'limited', retryAfterSeconds: 1800 }, { errors: { rate: '提交太频繁，请稍后再试。' } });
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('1800');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(await res.json()).toEqual({ errors: { rate: '提交太频繁，请稍后再试。' } });
  });

  it('has no Retry-After for any other kind', () => {
    const res = answerJson({ kind: 'unavailable' }, { errors: { store: '系统暂时无法查询，请稍后再试。' } });
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBeNull();
  });
});

describe('a page answer', () => {
  it('sets the status and Retry-After on the page response', () => {
    const response = { status: 200, headers: new Headers() };
    answerPage(response, { kind: 'limited', retryAfterSeconds: 60 });
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('60');
  });

  it('a plain-text refusal carries the words alone, never cached', async () => {
    const res = answerText({ kind: 'forbidden' }, '这个链接无效或已过期。');
    expect(res.status).toBe(403);
    expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(await res.text()).toBe('这个链接无效或已过期。');
  });
});

describe('whileStoreUp', () => {
  it('gives the work its result while the store answers', async () => {
    expect(await whileStoreUp(async () => ({ kind: 'ok', n: 1 }))).toEqual({ kind: 'ok', n: 1 });
  });

  it('turns the store not answering into { kind: "unavailable" }, or the use case\'s own outcome', async () => {
    const down = async () => {
      throw new StoreUnavailableError('connection refused');
    };
    expect(await whileStoreUp(down)).toEqual({ kind: 'unavailable' });
    expect(await whileStoreUp(down, { kind: 'unavailable', message: '系统暂时无法读取，请稍后再试。' })).toEqual({
      kind: 'unavailable',
      message: '系统暂时无法读取，请稍后再试。',
    });
  });

  it('a blob store outage (a full disk) is an outage too, and the error can name which store it was', async () => {
    const full = async () => {
      throw new BlobStoreUnavailableError('no space left');
    };
    expect(await whileStoreUp(full, (error) => ({ kind: 'unavailable', store: error.name }))).toEqual({
      kind: 'unavailable',
      store: 'BlobStoreUnavailableError',
    });
  });

  it('lets every other error through: a bug is not an outage', async () => {
    await expect(
      whileStoreUp(async () => {
        throw new TypeError('undefined is not a function');
      }),
    ).rejects.toThrow(TypeError);
  });
});
