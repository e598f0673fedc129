import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Repository } from '../repo/types';

/**
 * First start without an enabled admin: a one-time setup token, kept only (hashed) in this process's memory
 * and printed once to the console as a link. Each restart without an admin prints a new one; using it (or an
 * admin being created any other way, e.g. `npm run user:add`) ends it.
 */
let tokenHash: Buffer | null = null;
let expiresAt = 0;
const TTL_MS = 24 * 3600_000;

export async function ensureSetupToken(
	repo: Repository,
	origin: string | undefined,
	log: (s: string) => void = console.log
): Promise<string | null> {
	if ((await repo.users.countAdmins()) > 0) {
		tokenHash = null;
		return null;
	}
	const token = randomBytes(24).toString('base64url');
	tokenHash = createHash('sha256').update(token).digest();
	expiresAt = Date.now() + TTL_MS;
	const base = (origin ?? '').replace(/\/$/, '');
	const link = `${base}/admin/setup?token=${token}`;
	log(
		[
			'',
			'──────────────────────────────────────────────────────────────────────',
			' yaku: no hay ningún administrador. Cree el primero con este enlace de un solo uso',
			' (válido 24 h, hasta reiniciar el servidor) / no admin yet, one-time setup link:',
			`   YAKU_SETUP_LINK ${link}`,
			' o desde la línea de comandos / or: npm run user:add -- --username admin --role admin',
			'──────────────────────────────────────────────────────────────────────',
			''
		].join('\n')
	);
	return token;
}

export function setupTokenActive(): boolean {
	return tokenHash !== null && Date.now() < expiresAt;
}

export function checkSetupToken(token: string | null | undefined): boolean {
	if (!token || !tokenHash || Date.now() >= expiresAt) return false;
	const h = createHash('sha256').update(token).digest();
	return timingSafeEqual(h, tokenHash);
}

export function consumeSetupToken(): void {
	tokenHash = null;
}
