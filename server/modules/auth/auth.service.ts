/**
 * Who is calling: API keys (stored as sha256, cached briefly), marketer logins (argon2id,
 * lockout after repeated failures) and stateless signed session tokens.
 */
import { createHash, randomBytes } from 'node:crypto';
import argon2 from 'argon2';
import type { Connection } from 'mongoose';
import type { Clock } from '../../clock.js';
import { AppError } from '../../http/errors.js';
import type { Signer } from '../../lib/tokens.js';
import { authModels, type ApiKeyDoc, type AuthModels, type UserDoc } from './auth.model.js';
import type { ApiKeyView, CreatedApiKeyView, Principal, Role, UserView } from './auth.schema.js';

const SESSION_TTL_MS = 12 * 3_600_000;
const KEY_CACHE_MS = 10_000;
export const MAX_FAILED_LOGINS = 5;
export const LOCKOUT_MS = 15 * 60_000;

/**
 * Sessions expire by wall time, not by the domain clock: a security boundary must not move with
 * simulated time (advancing a manual clock by a week from the web client must not log everyone
 * out), and the cookie's own maxAge is wall time too.
 */
const sessionWallTime = (): number => Date.now();

const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');

export function newApiKey(): string {
  return `rk_${randomBytes(24).toString('base64url')}`;
}

function userView(u: UserDoc): UserView {
  return { id: u._id.toHexString(), email: u.email, name: u.name ?? null, role: u.role, createdAt: u.createdAt.toISOString() };
}

function keyView(k: ApiKeyDoc): ApiKeyView {
  return {
    id: k._id.toHexString(),
    name: k.name,
    role: k.role,
    prefix: k.prefix,
    createdAt: k.createdAt.toISOString(),
    lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
  };
}

export class AuthService {
  private readonly models: AuthModels;
  private readonly keyCache = new Map<string, { principal: Principal | null; at: number }>();

  constructor(
    conn: Connection,
    private readonly clock: Clock,
    private readonly signer: Signer,
  ) {
    this.models = authModels(conn);
  }

  async syncIndexes(): Promise<void> {
    await Promise.all([this.models.User.createIndexes(), this.models.ApiKey.createIndexes()]);
  }

  /**
   * The bootstrap admin key: API_KEY when given (replacing any earlier bootstrap key), else one
   * generated at first start. Returns the key when it must be printed (generated now).
   */
  async ensureBootstrapKey(fromEnv: string | undefined): Promise<string | null> {
    const { ApiKey } = this.models;
    if (fromEnv) {
      const hash = sha256(fromEnv);
      await ApiKey.deleteMany({ bootstrap: true, hash: { $ne: hash } });
      await ApiKey.updateOne(
        { hash },
        { $setOnInsert: { name: 'bootstrap (API_KEY)', role: 'admin', hash, prefix: fromEnv.slice(0, 7), bootstrap: true } },
        { upsert: true },
      );
      return null;
    }
    if (await ApiKey.exists({ bootstrap: true })) return null;
    const key = newApiKey();
    await ApiKey.create({ name: 'bootstrap (generated)', role: 'admin', hash: sha256(key), prefix: key.slice(0, 7), bootstrap: true });
    return key;
  }

  /** The first admin login, created when there is no user yet. Returns the password to print. */
  async ensureAdmin(email: string | undefined, password: string | undefined): Promise<{ email: string; password: string } | null> {
    if (await this.models.User.exists({})) return null;
    const creds = { email: (email ?? 'admin@example.com').toLowerCase(), password: password ?? randomBytes(12).toString('base64url') };
    await this.createUser({ email: creds.email, password: creds.password, role: 'admin' });
    return creds;
  }

  async authenticateApiKey(key: string): Promise<Principal | null> {
    const hash = sha256(key);
    const now = Date.now();
    const cached = this.keyCache.get(hash);
    if (cached && now - cached.at < KEY_CACHE_MS) return cached.principal;
    const doc = await this.models.ApiKey.findOneAndUpdate({ hash }, { $set: { lastUsedAt: this.clock.now() } }, { returnDocument: 'after' }).lean();
    const principal: Principal | null = doc ? { kind: 'apiKey', id: doc._id.toHexString(), role: doc.role, name: doc.name } : null;
    if (this.keyCache.size > 10_000) this.keyCache.clear();
    this.keyCache.set(hash, { principal, at: now });
    return principal;
  }

  async login(email: string, password: string): Promise<{ user: UserView; token: string; csrfToken: string }> {
    const { User } = this.models;
    const now = this.clock.now();
    const user = await User.findOne({ email: email.toLowerCase() });
    const refused = new AppError('unauthenticated', 'Wrong email or password');
    if (!user) {
      // Spend the same time as a real check so response times do not reveal which emails exist.
      await argon2.hash(password);
      throw refused;
    }
    if (user.lockedUntil && user.lockedUntil > now) {
      throw new AppError('rate_limited', 'Too many failed logins; the account is locked for a while');
    }
    if (!(await argon2.verify(user.passwordHash, password))) {
      const failed = user.failedLogins + 1;
      const lock = failed >= MAX_FAILED_LOGINS ? { lockedUntil: new Date(now.getTime() + LOCKOUT_MS), failedLogins: 0 } : { failedLogins: failed };
      await User.updateOne({ _id: user._id }, { $set: lock });
      throw refused;
    }
    await User.updateOne({ _id: user._id }, { $set: { failedLogins: 0 }, $unset: { lockedUntil: 1 } });
    const token = this.signer.sign('session', `${user._id.toHexString()}.${sessionWallTime() + SESSION_TTL_MS}.${user.sessionEpoch}`);
    return { user: userView(user), token, csrfToken: this.csrfToken(token) };
  }

  csrfToken(sessionToken: string): string {
    return this.signer.mac('csrf', sessionToken);
  }

  verifyCsrf(sessionToken: string, given: string | undefined): boolean {
    return typeof given === 'string' && this.signer.verify('csrf', sessionToken, given);
  }

  async authenticateSession(token: string): Promise<{ principal: Principal; user: UserView } | null> {
    const payload = this.signer.open('session', token);
    if (!payload) return null;
    const [userId, expires, epoch] = payload.split('.');
    if (!userId || !/^[0-9a-f]{24}$/.test(userId) || Number(expires) < sessionWallTime()) return null;
    const user = await this.models.User.findById(userId).lean();
    if (!user || String(user.sessionEpoch) !== epoch) return null;
    return { principal: { kind: 'session', id: userId, role: user.role, name: user.email }, user: userView(user) };
  }

  async logout(userId: string): Promise<void> {
    await this.models.User.updateOne({ _id: userId }, { $inc: { sessionEpoch: 1 } });
  }

  async createUser(input: { email: string; password: string; role: Role; name?: string }): Promise<UserView> {
    const email = input.email.toLowerCase();
    if (await this.models.User.exists({ email })) throw new AppError('conflict', 'A user with this email already exists');
    const passwordHash = await argon2.hash(input.password, { type: argon2.argon2id });
    try {
      const doc = await this.models.User.create({ email, name: input.name, role: input.role, passwordHash });
      return userView(doc);
    } catch (err) {
      if ((err as { code?: number }).code === 11000) throw new AppError('conflict', 'A user with this email already exists');
      throw err;
    }
  }

  async listUsers(): Promise<UserView[]> {
    const users = await this.models.User.find().sort({ _id: 1 }).lean();
    return users.map(userView);
  }

  async createApiKey(name: string, role: Role): Promise<CreatedApiKeyView> {
    const key = newApiKey();
    const doc = await this.models.ApiKey.create({ name, role, hash: sha256(key), prefix: key.slice(0, 7) });
    return { ...keyView(doc), key };
  }

  async listApiKeys(): Promise<ApiKeyView[]> {
    const keys = await this.models.ApiKey.find().sort({ _id: 1 }).lean();
    return keys.map(keyView);
  }

  async revokeApiKey(id: string): Promise<void> {
    const doc = await this.models.ApiKey.findOneAndDelete({ _id: id });
    if (!doc) throw new AppError('not_found', 'API key not found');
    this.keyCache.delete(doc.hash);
  }
}
