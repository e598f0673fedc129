/**
 * Row types and pure mapping of `assembly_sessions` / `assembly_photos`, shared by the SQLite
 * (`./sqlite.ts`) and PostGIS (`../repo/postgres/assemblies.ts`) stores, plus their audit records.
 */
import type { AssemblySession } from '../../components/assembly/proposals';
import { AUDIT_ACTIONS } from '../audit/actions';
import type { AuditRecord } from '../repo/types';
import type { AssemblyPhoto, SessionRecord } from './types';

export interface SessionRow {
	id: number;
	title: string;
	date: string;
	place: string;
	community: string | null;
	participants: number | null;
	notes: string | null;
	story_id: number | null;
	closed: number;
	version: number;
	created_by: number | null;
	updated_by: number | null;
	created_at: string;
	updated_at: string;
}

export interface PhotoRow {
	id: number;
	session_id: number;
	mime: string;
	size: number;
	sha256: string;
	bytes?: Uint8Array;
	created_by: number | null;
	created_at: string;
}

/** The photo columns without the bytes. */
export const PHOTO_META = 'id, session_id, mime, size, sha256, created_by, created_at';

export function toSession(r: SessionRow): AssemblySession {
	return {
		id: r.id,
		title: r.title,
		date: r.date,
		place: r.place,
		community: r.community,
		participants: r.participants,
		notes: r.notes,
		storyId: r.story_id,
		closed: r.closed === 1,
		version: r.version,
		createdBy: r.created_by,
		updatedBy: r.updated_by,
		createdAt: r.created_at,
		updatedAt: r.updated_at
	};
}

export function toPhoto(r: PhotoRow): AssemblyPhoto {
	return {
		id: r.id,
		sessionId: r.session_id,
		mime: r.mime,
		size: r.size,
		sha256: r.sha256,
		createdBy: r.created_by,
		createdAt: r.created_at
	};
}

/** Column → value of the editable fields. */
export function columns(f: SessionRecord) {
	return {
		title: f.title,
		date: f.date,
		place: f.place,
		community: f.community,
		participants: f.participants,
		notes: f.notes,
		story_id: f.storyId,
		closed: f.closed ? 1 : 0
	};
}

export const sessionInUseMessage = (n: number) =>
	`No se puede eliminar: la sesión tiene ${n} propuesta(s). Elimínelas o consérvelas en el acta.`;

const audit = (action: string, id: number, rec: Omit<AuditRecord, 'action' | 'entityType' | 'entityId'>) => ({
	action,
	entityType: 'assembly_session',
	entityId: String(id),
	...rec
});

export const sessionCreateAudit = (s: AssemblySession): AuditRecord =>
	audit(AUDIT_ACTIONS.assemblySessionCreate, s.id, { after: s });
export const sessionUpdateAudit = (before: AssemblySession, after: AssemblySession): AuditRecord =>
	audit(AUDIT_ACTIONS.assemblySessionUpdate, before.id, { before, after });
export const sessionDeleteAudit = (before: AssemblySession): AuditRecord =>
	audit(AUDIT_ACTIONS.assemblySessionDelete, before.id, { before });
export const photoCreateAudit = (p: AssemblyPhoto): AuditRecord => ({
	action: AUDIT_ACTIONS.assemblyPhotoCreate,
	entityType: 'assembly_photo',
	entityId: String(p.id),
	after: p
});
