export * from './roles';
export { requirementFor, decide, type Requirement, type Decision } from './policy';
export { hashPassword, verifyPassword, randomPassword } from './password';
export {
	SESSION_COOKIE,
	roleOf,
	startSession,
	clearSessionCookie,
	hashToken,
	toSessionUser,
	type SessionUser
} from './session';
export { sessionHandle, authorizeHandle, requireCapability, can } from './handle';
export { login, type LoginResult } from './login';
export { ensureSetupToken, checkSetupToken, consumeSetupToken, setupTokenActive } from './setup';
