/**
 * Storage interface. Routes and hooks only talk to a `Repository`; `sqlite/` implements it today and a
 * PostGIS implementation can be added later (issue 10) without touching routes. Every method is async so a
 * networked database fits; every mutation takes an `AuditContext` and writes its audit row in the SAME
 * transaction as the change (an implementation must guarantee that).
 */
import type { AccountRole, Role } from '../auth/roles';
import type { Geometry } from 'geojson';
import type { StoryRepository } from '../stories/types';
import type { AssemblyRepository } from '../sessions/types';
import type { ReviewStore } from '../review/types';
import type { ImportRepository } from '../imports/types';
import type { RasterRepository } from '../rasters/types';

export type FeatureStatus = 'borrador' | 'publicado';
export const FEATURE_STATUSES: readonly FeatureStatus[] = ['borrador', 'publicado'];

/** Who does a mutation, from where. `actorId` null = system / anonymous (e.g. a failed login). */
export interface AuditContext {
	actorId: number | null;
	actorUsername: string | null;
	actorRole: Role | 'system';
	ip?: string | null;
	requestId?: string | null;
}

export interface User {
	id: number;
	username: string;
	displayName: string;
	role: AccountRole;
	disabled: boolean;
	mustChangePassword: boolean;
	createdAt: string;
	updatedAt: string;
	passwordChangedAt: string;
	version: number;
}

export interface UserWithHash extends User {
	passwordHash: string;
}

export interface NewUser {
	username: string;
	displayName: string;
	role: AccountRole;
	passwordHash: string;
	mustChangePassword?: boolean;
}

export interface UserPatch {
	displayName?: string;
	role?: AccountRole;
	disabled?: boolean;
	passwordHash?: string;
	mustChangePassword?: boolean;
}

export interface Session {
	idHash: string;
	userId: number;
	createdAt: string;
	lastSeenAt: string;
	expiresAt: string;
	absoluteExpiresAt: string;
}

/** A stored feature, GeoJSON Feature with yaku's foreign members. */
export interface StoredFeature {
	type: 'Feature';
	id: number;
	layer: string;
	geometry: Geometry;
	properties: Record<string, unknown>;
	status: FeatureStatus;
	version: number;
	bbox: [number, number, number, number];
	createdBy: number | null;
	updatedBy: number | null;
	createdAt: string;
	updatedAt: string;
}

export interface FeatureInput {
	geometry: Geometry;
	bbox: [number, number, number, number];
	properties: Record<string, unknown>;
	status: FeatureStatus;
}

export interface FeatureQuery {
	layer: string;
	/** Statuses to include; anonymous callers must pass ['publicado']. */
	statuses: readonly FeatureStatus[];
	bbox?: [number, number, number, number];
	limit: number;
	offset: number;
}

export interface FeaturePage {
	features: StoredFeature[];
	numberMatched: number;
}

export type UpdateResult<T> =
	{ ok: true; value: T } | { ok: false; reason: 'not_found' } | { ok: false; reason: 'conflict'; current: T };

export interface AuditEntry {
	id: number;
	at: string;
	actorId: number | null;
	actorUsername: string | null;
	actorRole: string;
	action: string;
	entityType: string;
	entityId: string | null;
	layer: string | null;
	before: unknown;
	after: unknown;
	ip: string | null;
	requestId: string | null;
	hash: string;
}

export interface AuditQuery {
	actorId?: number;
	actorUsername?: string;
	action?: string;
	entityType?: string;
	entityId?: string;
	layer?: string;
	from?: string;
	to?: string;
	/** Return rows with id < beforeId (keyset pagination, newest first). */
	beforeId?: number;
	limit: number;
}

export interface AuditRecord {
	action: string;
	entityType: string;
	entityId?: string | null;
	layer?: string | null;
	before?: unknown;
	after?: unknown;
}

export interface UserRepository {
	count(): Promise<number>;
	countAdmins(): Promise<number>;
	list(): Promise<User[]>;
	get(id: number): Promise<User | null>;
	getByUsernameWithHash(username: string): Promise<UserWithHash | null>;
	getWithHash(id: number): Promise<UserWithHash | null>;
	/** Throws RepoError('USERNAME_TAKEN') on a duplicate username. */
	create(input: NewUser, ctx: AuditContext): Promise<User>;
	/** `expectedVersion` undefined = last write wins (CLI); a number = optimistic check. */
	update(
		id: number,
		patch: UserPatch,
		ctx: AuditContext,
		expectedVersion?: number,
		action?: string
	): Promise<UpdateResult<User>>;
}

export interface SessionRepository {
	create(session: Session, ctx: AuditContext): Promise<void>;
	/** Returns session and its (enabled) user, or null if missing, expired or the user is disabled. */
	getValid(idHash: string, now: string): Promise<{ session: Session; user: User } | null>;
	touch(idHash: string, lastSeenAt: string, expiresAt: string): Promise<void>;
	delete(idHash: string, ctx: AuditContext | null): Promise<void>;
	deleteForUser(userId: number, exceptIdHash?: string): Promise<number>;
	purgeExpired(now: string): Promise<number>;
}

export interface FeatureRepository {
	list(q: FeatureQuery): Promise<FeaturePage>;
	get(layer: string, id: number): Promise<StoredFeature | null>;
	create(layer: string, input: FeatureInput, ctx: AuditContext): Promise<StoredFeature>;
	update(
		layer: string,
		id: number,
		expectedVersion: number,
		input: FeatureInput,
		ctx: AuditContext
	): Promise<UpdateResult<StoredFeature>>;
	delete(
		layer: string,
		id: number,
		expectedVersion: number,
		ctx: AuditContext
	): Promise<UpdateResult<StoredFeature>>;
}

export interface AuditRepository {
	/** Writes a stand-alone audit row (e.g. login, logout) in its own transaction. */
	record(entry: AuditRecord, ctx: AuditContext): Promise<AuditEntry>;
	list(q: AuditQuery): Promise<AuditEntry[]>;
	history(entityType: string, entityId: string): Promise<AuditEntry[]>;
	count(q?: Omit<AuditQuery, 'limit' | 'beforeId'>): Promise<number>;
	/** Recomputes the hash chain; returns the first broken row id, or null if intact. */
	verifyChain(): Promise<{ ok: boolean; rows: number; brokenAt: number | null }>;
}

/** An MRSE / afianzamiento hídrico project (minimal for issue 5; issue 7 extends it). */
export interface Project {
	id: string;
	code: string | null;
	name: string;
	year: number | null;
	sector: string | null;
	executor: string | null;
	/** null = unknown (never invented). */
	budgetSoles: number | null;
	fundingSource: string | null;
	status: string | null;
	/** Demo record whose figures are not official. */
	illustrative: boolean;
	/** Per intervention type parameter overrides. */
	params: Record<string, Record<string, number>>;
	/** Issue 7: goals per intervention type, e.g. `{ forestacion: { areaHa: 10 } }` (summed quantity keys). */
	goals: Record<string, Record<string, number>>;
	/** Issue 7: disbursements (desembolsos), oldest first. */
	disbursements: { date: string; amountSoles: number; note: string | null }[];
	version: number;
	createdBy: number | null;
	updatedBy: number | null;
	createdAt: string;
	updatedAt: string;
}

export type ProjectFields = Omit<
	Project,
	'id' | 'version' | 'createdBy' | 'updatedBy' | 'createdAt' | 'updatedAt' | 'goals' | 'disbursements'
> &
	Partial<Pick<Project, 'goals' | 'disbursements'>>;

export interface ProjectRepository {
	list(): Promise<Project[]>;
	get(id: string): Promise<Project | null>;
	/** Throws RepoError('PROJECT_ID_TAKEN' | 'PROJECT_CODE_TAKEN'). */
	create(id: string, fields: ProjectFields, ctx: AuditContext): Promise<Project>;
	/** Throws RepoError('PROJECT_CODE_TAKEN'). */
	update(
		id: string,
		expectedVersion: number,
		fields: ProjectFields,
		ctx: AuditContext
	): Promise<UpdateResult<Project>>;
	/** Throws RepoError('PROJECT_IN_USE') while features of `usedByLayer` reference it (properties.projectId). */
	delete(
		id: string,
		expectedVersion: number,
		ctx: AuditContext,
		usedByLayer: string
	): Promise<UpdateResult<Project>>;
	/** How many features of `layer` reference the project. */
	usage(id: string, layer: string): Promise<number>;
}

export interface Setting<T = unknown> {
	key: string;
	value: T;
	version: number;
	updatedBy: number | null;
	updatedAt: string;
}

export interface SettingsRepository {
	get<T = unknown>(key: string): Promise<Setting<T> | null>;
	/** Optimistic update; `expectedVersion` 0 creates a missing key. */
	put<T = unknown>(
		key: string,
		value: T,
		expectedVersion: number,
		ctx: AuditContext
	): Promise<UpdateResult<Setting<T>>>;
}

export interface Repository {
	readonly kind: 'sqlite' | 'postgis';
	readonly users: UserRepository;
	readonly sessions: SessionRepository;
	readonly features: FeatureRepository;
	readonly audit: AuditRepository;
	readonly projects: ProjectRepository;
	readonly settings: SettingsRepository;
	/** Issue 9: stories (saved views) and assembly sessions with their photos. */
	readonly stories: StoryRepository;
	readonly assemblies: AssemblyRepository;
	/** Issue 7: reviews of executed works, their thread, evidence photos, project documents. */
	readonly review: ReviewStore;
	/** Import records (issue 6): imported layers and intervention batches. */
	readonly imports: ImportRepository;
	/** Stored reference rasters (issue 6): orthophotos and DEMs saved from the import wizard. */
	readonly rasters: RasterRepository;
	schemaVersion(): Promise<number>;
	close(): Promise<void>;
}

export class RepoError extends Error {
	constructor(
		readonly code: string,
		message: string
	) {
		super(message);
	}
}
