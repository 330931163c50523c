/** Auth: marketer accounts, API keys, sessions. Public surface of the module. */
export { AuthService } from './auth.service.js';
export { authRouter, loginRouter } from './auth.routes.js';
export type { Principal, Role, UserView, ApiKeyView, CreatedApiKeyView, MeView, LoginView } from './auth.schema.js';
export { roles } from './auth.schema.js';
