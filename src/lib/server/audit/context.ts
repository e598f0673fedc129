import type { RequestEvent } from '@sveltejs/kit';
import type { AuditContext } from '../repo/types';

/** The AuditContext of a request: who (locals.user or anonymous), from which address, which request id. */
export function auditContext(event: Pick<RequestEvent, 'locals' | 'getClientAddress'>): AuditContext {
	const u = event.locals.user;
	let ip: string | null;
	try {
		ip = event.getClientAddress();
	} catch {
		ip = null;
	}
	return {
		actorId: u?.id ?? null,
		actorUsername: u?.username ?? null,
		actorRole: u?.role ?? 'publico',
		ip,
		requestId: event.locals.requestId ?? null
	};
}
