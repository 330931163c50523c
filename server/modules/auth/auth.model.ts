import { Schema, type Connection, type Model, type Types } from 'mongoose';
import { roles, type Role } from './auth.schema.js';

export interface UserDoc {
  _id: Types.ObjectId;
  email: string;
  name?: string;
  role: Role;
  passwordHash: string;
  /** Bumped on logout and password change: every session token carrying an older epoch dies. */
  sessionEpoch: number;
  failedLogins: number;
  lockedUntil?: Date;
  createdAt: Date;
  updatedAt: Date;
}

const userSchema = new Schema<UserDoc>(
  {
    email: { type: String, required: true },
    name: String,
    role: { type: String, enum: roles, required: true },
    passwordHash: { type: String, required: true },
    sessionEpoch: { type: Number, default: 0 },
    failedLogins: { type: Number, default: 0 },
    lockedUntil: Date,
  },
  { timestamps: true, collection: 'users' },
);
// login: findOne({ email }) (emails are stored lower-cased)
userSchema.index({ email: 1 }, { unique: true });

export interface ApiKeyDoc {
  _id: Types.ObjectId;
  name: string;
  role: Role;
  /** sha256 of the key; the key itself is shown once, at creation. */
  hash: string;
  prefix: string;
  bootstrap: boolean;
  lastUsedAt?: Date;
  createdAt: Date;
  updatedAt: Date;
}

const apiKeySchema = new Schema<ApiKeyDoc>(
  {
    name: { type: String, required: true },
    role: { type: String, enum: roles, required: true },
    hash: { type: String, required: true },
    prefix: { type: String, required: true },
    bootstrap: { type: Boolean, default: false },
    lastUsedAt: Date,
  },
  { timestamps: true, collection: 'api_keys' },
);
// authentication: findOne({ hash }) on every bearer request (cached briefly in memory)
apiKeySchema.index({ hash: 1 }, { unique: true });

export interface AuthModels {
  User: Model<UserDoc>;
  ApiKey: Model<ApiKeyDoc>;
}

export function authModels(conn: Connection): AuthModels {
  return {
    User: conn.models.User ?? conn.model<UserDoc>('User', userSchema),
    ApiKey: conn.models.ApiKey ?? conn.model<ApiKeyDoc>('ApiKey', apiKeySchema),
  } as AuthModels;
}
