/**
 * The demo talks to Retainly only over HTTP, as a shop integration and the shop's customers would:
 * the authenticated API with an API key, and the public tracking, unsubscribe and webhook URLs.
 */
import { Agent, request } from 'node:http';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: string,
    what: string,
  ) {
    super(`${what} answered ${status}: ${body.slice(0, 500)}`);
  }
}

export interface Hit {
  status: number;
  location: string | null;
}

export class RetainlyApi {
  /** Keep-alive: thousands of small requests on a few sockets. */
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 16 });
  /** Requests made, by kind (the summary reports them). */
  readonly counts = { api: 0, tracking: 0 };

  constructor(
    readonly baseUrl: string,
    private readonly apiKey: string,
  ) {}

  async get<T>(path: string): Promise<T> {
    return this.json<T>('GET', path);
  }

  async post<T>(path: string, body: unknown): Promise<T> {
    return this.json<T>('POST', path, JSON.stringify(body), 'application/json');
  }

  async postCsv<T>(path: string, csv: string): Promise<T> {
    return this.json<T>('POST', path, csv, 'text/csv');
  }

  private async json<T>(method: string, path: string, body?: string, type?: string): Promise<T> {
    this.counts.api++;
    const res = await this.request(method, path, { authorization: `Bearer ${this.apiKey}`, ...(type ? { 'content-type': type } : {}) }, body);
    if (res.status >= 300) throw new ApiError(res.status, res.text, `${method} ${path}`);
    return (res.text ? JSON.parse(res.text) : null) as T;
  }

  /**
   * A request to a public URL an email contains (pixel, click, unsubscribe), made against this
   * server whatever host PUBLIC_URL names: only the path and query are kept. Redirects are not
   * followed (the shop's pages are not part of the demo).
   */
  async hit(url: string, opts: { method?: string; userAgent: string; ip: string; form?: Record<string, string> }): Promise<Hit> {
    this.counts.tracking++;
    const u = new URL(url);
    const headers: Record<string, string> = { 'user-agent': opts.userAgent, 'x-forwarded-for': opts.ip };
    let body: string | undefined;
    if (opts.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(opts.form).toString();
    }
    const res = await this.request(opts.method ?? 'GET', `${u.pathname}${u.search}`, headers, body);
    return { status: res.status, location: res.location };
  }

  /** POST to a public path with a JSON body (the bounce webhook). */
  async postPublic<T>(path: string, body: unknown): Promise<T> {
    this.counts.tracking++;
    const res = await this.request('POST', path, { 'content-type': 'application/json' }, JSON.stringify(body));
    if (res.status >= 300) throw new ApiError(res.status, res.text, `POST ${path}`);
    return JSON.parse(res.text) as T;
  }

  private async request(method: string, path: string, headers: Record<string, string>, body?: string): Promise<{ status: number; text: string; location: string | null }> {
    const url = new URL(path, this.baseUrl);
    return new Promise((resolve, reject) => {
      const req = request(url, { method, headers: { ...headers, ...(body !== undefined ? { 'content-length': String(Buffer.byteLength(body)) } : {}) }, agent: this.agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8'), location: (res.headers.location as string | undefined) ?? null }));
        res.on('error', reject);
      });
      req.on('error', reject);
      if (body !== undefined) req.write(body);
      req.end();
    });
  }

  close(): void {
    this.agent.destroy();
  }
}
