import { describe, expect, it } from 'vitest';
import { findRoute, type Route } from '../../../src/server/router.js';

const noop = () => {};
const ROUTES: Route[] = [
  { method: 'GET', path: '/api/outbox', handle: noop },
  { method: 'DELETE', path: '/api/outbox/:id', handle: noop },
  { method: 'GET', path: '/api/outbox/:id', handle: noop },
  { method: 'GET', path: '/api/outbox/:id/raw', handle: noop },
];

describe('findRoute', () => {
  it('matches a literal path only with its method', () => {
    // Act
    const get = findRoute(ROUTES, 'GET', '/api/outbox');
    const post = findRoute(ROUTES, 'POST', '/api/outbox');

    // Assert
    expect(get?.route).toBe(ROUTES[0]);
    expect(post).toBeNull();
  });

  it('decodes :name segments into params', () => {
    // Act
    const found = findRoute(ROUTES, 'GET', '/api/outbox/2026-11-21T22%3A08-6d1ef793/raw');

    // Assert
    expect(found?.route).toBe(ROUTES[3]);
    expect(found?.params).toEqual({ id: '2026-11-21T22:08-6d1ef793' });
  });

  it('never matches an empty segment or a path with more segments', () => {
    expect(findRoute(ROUTES, 'GET', '/api/outbox/')).toBeNull();
    expect(findRoute(ROUTES, 'GET', '/api/outbox/a/b/c')).toBeNull();
  });
});
