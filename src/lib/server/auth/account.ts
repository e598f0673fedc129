import type { Cookies } from '@sveltejs/kit';
import { AUDIT_ACTIONS } from '../audit/actions';
import { ApiError } from '../http/errors';
import { getRepository } from '../repo';
import type { AuditContext } from '../repo/types';
import { hashPassword, verifyPassword } from './password';
import { startSession } from './session';

/**
 * Own password change: checks the current password, stores the new hash (ending every session of the user,
 * audited as `user.password_change`) and starts a fresh session for this browser.
 */
export async function changeOwnPassword(
	userId: number,
	currentPassword: string,
	newPassword: string,
	cookies: Cookies,
	url: URL,
	ctx: AuditContext
): Promise<void> {
	const repo = getRepository();
	const user = await repo.users.getWithHash(userId);
	if (!user) throw new ApiError(401, 'UNAUTHENTICATED', 'Inicie sesión para continuar.');
	if (!(await verifyPassword(currentPassword, user.passwordHash)))
		throw new ApiError(400, 'WRONG_PASSWORD', 'La contraseña actual no es correcta.');
	const r = await repo.users.update(
		userId,
		{ passwordHash: await hashPassword(newPassword), mustChangePassword: false },
		ctx,
		undefined,
		AUDIT_ACTIONS.userPasswordChange
	);
	if (!r.ok)
		throw new ApiError(409, 'VERSION_CONFLICT', 'El usuario cambió mientras tanto. Intente de nuevo.');
	await startSession(repo, r.value, cookies, url, ctx);
}
