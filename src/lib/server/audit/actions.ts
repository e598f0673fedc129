/** Stable audit action names. UI filters and reports rely on them: add, never rename. */
export const AUDIT_ACTIONS = {
	featureCreate: 'feature.create',
	featureUpdate: 'feature.update',
	featureDelete: 'feature.delete',
	userCreate: 'user.create',
	userUpdate: 'user.update',
	userPasswordChange: 'user.password_change',
	userPasswordReset: 'user.password_reset',
	loginOk: 'auth.login',
	loginFailed: 'auth.login_failed',
	logout: 'auth.logout',
	setupAdmin: 'auth.setup_admin',
	projectCreate: 'project.create',
	projectUpdate: 'project.update',
	projectDelete: 'project.delete',
	settingsUpdate: 'settings.update'
} as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[keyof typeof AUDIT_ACTIONS];

export const AUDIT_ACTION_LIST: readonly string[] = Object.values(AUDIT_ACTIONS);
