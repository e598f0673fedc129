import { createHash } from 'node:crypto';

export const GENESIS_HASH = '0'.repeat(64);

/** The fields that an audit row's hash covers, in a fixed order. */
export interface HashedAuditFields {
	at: string;
	actor_id: number | null;
	actor_username: string | null;
	actor_role: string;
	action: string;
	entity_type: string;
	entity_id: string | null;
	layer: string | null;
	before_json: string | null;
	after_json: string | null;
	ip: string | null;
	request_id: string | null;
}

export function auditHash(prevHash: string, f: HashedAuditFields): string {
	const payload = JSON.stringify([
		f.at,
		f.actor_id,
		f.actor_username,
		f.actor_role,
		f.action,
		f.entity_type,
		f.entity_id,
		f.layer,
		f.before_json,
		f.after_json,
		f.ip,
		f.request_id
	]);
	return createHash('sha256').update(prevHash).update('\n').update(payload).digest('hex');
}
