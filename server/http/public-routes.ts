/**
 * The explicit allow-list of routes that answer without authentication. Everything else under
 * /api/v1 needs an API key or a session; test/integration/route-auth.int.test.ts walks the router
 * and proves it for every route that exists.
 */
export const publicRoutes: { method: string; path: RegExp; why: string }[] = [
  { method: 'GET', path: /^\/health$/, why: 'health checks by load balancers and monitors' },
  { method: 'POST', path: /^\/api\/v1\/auth\/login$/, why: 'how a marketer gets a session' },
  { method: '*', path: /^\/t\//, why: 'open and click tracking from email clients' },
  { method: '*', path: /^\/u\//, why: 'one-click unsubscribe (RFC 8058) needs no login' },
  { method: '*', path: /^\/p\//, why: 'the preference page reached from an email' },
  { method: '*', path: /^\/webhooks\//, why: 'provider callbacks, authenticated by their own signature' },
  { method: 'GET', path: /^\/(?!api\/)/, why: 'the web client (static files); its data comes from the authenticated API' },
];

export function isPublic(method: string, path: string): boolean {
  return publicRoutes.some((r) => (r.method === '*' || r.method === method) && r.path.test(path));
}
