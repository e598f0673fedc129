import type { AssemblySession, SessionFields } from '../../components/assembly/proposals';
import type { AuditContext, StoredFeature, UpdateResult } from '../repo/types';

export interface AssemblyPhoto {
	id: number;
	sessionId: number;
	mime: string;
	size: number;
	sha256: string;
	createdBy: number | null;
	createdAt: string;
}

/** Normalised session fields as stored (every optional field present, null = empty). */
export type SessionRecord = Omit<
	AssemblySession,
	'id' | 'version' | 'createdBy' | 'updatedBy' | 'createdAt' | 'updatedAt'
>;

export function toRecord(f: SessionFields): SessionRecord {
	return {
		title: f.title,
		date: f.date,
		place: f.place,
		community: f.community ?? null,
		participants: f.participants ?? null,
		notes: f.notes ?? null,
		storyId: f.storyId ?? null,
		closed: f.closed ?? false
	};
}

/** Assembly sessions, their photos and the lookup of their proposals (features with attrs.sessionId). */
export interface AssemblyRepository {
	list(): Promise<AssemblySession[]>;
	get(id: number): Promise<AssemblySession | null>;
	create(fields: SessionRecord, ctx: AuditContext): Promise<AssemblySession>;
	update(
		id: number,
		expectedVersion: number,
		fields: SessionRecord,
		ctx: AuditContext
	): Promise<UpdateResult<AssemblySession>>;
	/** Throws RepoError('SESSION_IN_USE') while proposals reference the session. */
	delete(id: number, expectedVersion: number, ctx: AuditContext): Promise<UpdateResult<AssemblySession>>;
	/** Features of `layers` whose properties.attrs.sessionId = id, oldest first. */
	proposals(id: number, layers: readonly string[]): Promise<StoredFeature[]>;
	addPhoto(
		sessionId: number,
		photo: { mime: string; bytes: Uint8Array; sha256: string },
		ctx: AuditContext
	): Promise<AssemblyPhoto>;
	photo(sessionId: number, photoId: number): Promise<(AssemblyPhoto & { bytes: Uint8Array }) | null>;
	photos(sessionId: number): Promise<AssemblyPhoto[]>;
}
