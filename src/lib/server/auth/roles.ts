/** Roles. `publico` is the anonymous visitor and is never stored on a user row. */
export const ROLES = ['publico', 'comite', 'revisor', 'admin'] as const;
export type Role = (typeof ROLES)[number];
/** Roles a stored account can have. */
export const ACCOUNT_ROLES = ['comite', 'revisor', 'admin'] as const;
export type AccountRole = (typeof ACCOUNT_ROLES)[number];

export const ROLE_LABEL_ES: Record<Role, string> = {
	publico: 'Público',
	comite: 'Comité de Gestión (editor)',
	revisor: 'Revisor (SEDACUSCO)',
	admin: 'Administrador'
};

/**
 * What each role may do. Checked in hooks (coarse, per route) and again in every handler (fine-grained).
 * - feature:read_published — see published features (everyone, including anonymous)
 * - feature:read_all       — see drafts and feature history
 * - feature:write          — create, edit geometry/properties, delete
 * - feature:publish        — change a feature's status (borrador ↔ publicado)
 * - user:manage            — list, create, change role, disable, reset password
 * - audit:read             — read the audit log
 * - account:self           — change one's own password, see one's own session
 * - project:write          — create, edit, delete MRSE projects (and their parameter overrides)
 * - settings:write         — edit shared settings (e.g. the ZEE compatibility table)
 * - terrain:manage         — replace or remove the installation's DEM (admin)
 * - assembly:write         — stories, assembly sessions, live proposals and their votes (issue 9)
 */
export const CAPABILITIES = [
	'feature:read_published',
	'feature:read_all',
	'feature:write',
	'feature:publish',
	'user:manage',
	'audit:read',
	'account:self',
	'project:write',
	'settings:write',
	'terrain:manage',
	'assembly:write'
] as const;
export type Capability = (typeof CAPABILITIES)[number];

const GRANTS: Record<Role, readonly Capability[]> = {
	publico: ['feature:read_published'],
	comite: [
		'feature:read_published',
		'feature:read_all',
		'feature:write',
		'account:self',
		'project:write',
		'settings:write',
		'assembly:write'
	],
	revisor: ['feature:read_published', 'feature:read_all', 'feature:publish', 'account:self'],
	admin: CAPABILITIES
};

export function roleCan(role: Role, cap: Capability): boolean {
	return GRANTS[role].includes(cap);
}

export function isAccountRole(x: unknown): x is AccountRole {
	return typeof x === 'string' && (ACCOUNT_ROLES as readonly string[]).includes(x);
}
