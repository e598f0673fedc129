/**
 * Row types and pure row → object mapping of the base tables (users, sessions, audit_log, projects,
 * features), shared by `sqlite/` and `postgres/` (decision 130). The dialects differ only where schema 1–2
 * keeps JSON: TEXT in SQLite, JSONB (already parsed by the driver) in PostgreSQL — `fromJson` takes either.
 */
import type { Geometry } from 'geojson';
import { AUDIT_ACTIONS } from '../audit/actions';
import type { HashedAuditFields } from '../audit/chain';
import type {
	AuditContext,
	AuditEntry,
	AuditRecord,
	Project,
	Session,
	StoredFeature,
	User,
	UserWithHash
} from './types';

/** A JSON column: TEXT (SQLite) or JSONB parsed by node-postgres. */
export type Json<T> = string | T;

export function fromJson<T>(v: Json<T> | null | undefined, fallback: T): T {
	if (v === null || v === undefined) return fallback;
	return typeof v === 'string' ? (JSON.parse(v) as T) : v;
}

// ------------------------------------------------------------------ users and sessions

export interface UserRow {
	id: number;
	username: string;
	display_name: string;
	role: User['role'];
	password_hash: string;
	disabled: number;
	must_change_password: number;
	created_at: string;
	updated_at: string;
	password_changed_at: string;
	version: number;
}

export function toUser(r: Omit<UserRow, 'password_hash'>): User {
	return {
		id: r.id,
		username: r.username,
		displayName: r.display_name,
		role: r.role,
		disabled: r.disabled === 1,
		mustChangePassword: r.must_change_password === 1,
		createdAt: r.created_at,
		updatedAt: r.updated_at,
		passwordChangedAt: r.password_changed_at,
		version: r.version
	};
}

export const withHash = (r: UserRow): UserWithHash => ({ ...toUser(r), passwordHash: r.password_hash });

/** The audit snapshot of a user: never the password hash. */
export function userSnapshot(u: User) {
	return {
		id: u.id,
		username: u.username,
		displayName: u.displayName,
		role: u.role,
		disabled: u.disabled,
		mustChangePassword: u.mustChangePassword,
		version: u.version
	};
}

/** A session joined with its user (`SESSION_USER_SELECT`). */
export interface SessionUserRow {
	id_hash: string;
	user_id: number;
	created_at: string;
	last_seen_at: string;
	expires_at: string;
	absolute_expires_at: string;
	u_id: number;
	username: string;
	display_name: string;
	role: User['role'];
	disabled: number;
	must_change_password: number;
	u_created_at: string;
	u_updated_at: string;
	password_changed_at: string;
	version: number;
}

/** Followed by each dialect's WHERE (valid, unexpired session of an enabled user). */
export const SESSION_USER_SELECT = `SELECT s.*, u.id AS u_id, u.username, u.display_name, u.role, u.disabled,
	u.must_change_password, u.created_at AS u_created_at, u.updated_at AS u_updated_at, u.password_changed_at,
	u.version FROM sessions s JOIN users u ON u.id = s.user_id`;

export function toSessionWithUser(r: SessionUserRow): { session: Session; user: User } {
	return {
		session: {
			idHash: r.id_hash,
			userId: r.user_id,
			createdAt: r.created_at,
			lastSeenAt: r.last_seen_at,
			expiresAt: r.expires_at,
			absoluteExpiresAt: r.absolute_expires_at
		},
		user: toUser({ ...r, id: r.u_id, created_at: r.u_created_at, updated_at: r.u_updated_at })
	};
}

// ------------------------------------------------------------------ audit log

export interface AuditRow extends HashedAuditFields {
	id: number;
	prev_hash: string;
	hash: string;
}

/** The hashed fields of a new audit row (`at` = now). */
export function auditFields(rec: AuditRecord, ctx: AuditContext): HashedAuditFields {
	return {
		at: new Date().toISOString(),
		actor_id: ctx.actorId,
		actor_username: ctx.actorUsername,
		actor_role: ctx.actorRole,
		action: rec.action,
		entity_type: rec.entityType,
		entity_id: rec.entityId ?? null,
		layer: rec.layer ?? null,
		before_json: rec.before === undefined || rec.before === null ? null : JSON.stringify(rec.before),
		after_json: rec.after === undefined || rec.after === null ? null : JSON.stringify(rec.after),
		ip: ctx.ip ?? null,
		request_id: ctx.requestId ?? null
	};
}

/** `INSERT INTO audit_log (AUDIT_COLUMNS)` with the values of `auditValues`, same order. */
export const AUDIT_COLUMNS = `at, actor_id, actor_username, actor_role, action, entity_type, entity_id, layer,
	before_json, after_json, ip, request_id, prev_hash, hash`;

export function auditValues(f: HashedAuditFields, prev: string, hash: string): unknown[] {
	return [
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
		f.request_id,
		prev,
		hash
	];
}

export function toAuditEntry(r: AuditRow): AuditEntry {
	return {
		id: r.id,
		at: r.at,
		actorId: r.actor_id,
		actorUsername: r.actor_username,
		actorRole: r.actor_role,
		action: r.action,
		entityType: r.entity_type,
		entityId: r.entity_id,
		layer: r.layer,
		before: fromJson<unknown>(r.before_json, null),
		after: fromJson<unknown>(r.after_json, null),
		ip: r.ip,
		requestId: r.request_id,
		hash: r.hash
	};
}

// ------------------------------------------------------------------ projects

export interface ProjectRow {
	id: string;
	code: string | null;
	name: string;
	year: number | null;
	sector: string | null;
	executor: string | null;
	budget_soles: number | null;
	funding_source: string | null;
	status: string | null;
	illustrative: number;
	params: Json<Project['params']>;
	goals: Json<Project['goals']> | null;
	disbursements: Json<Project['disbursements']> | null;
	version: number;
	created_by: number | null;
	updated_by: number | null;
	created_at: string;
	updated_at: string;
}

export function toProject(r: ProjectRow): Project {
	return {
		id: r.id,
		code: r.code,
		name: r.name,
		year: r.year,
		sector: r.sector,
		executor: r.executor,
		budgetSoles: r.budget_soles,
		fundingSource: r.funding_source,
		status: r.status,
		illustrative: r.illustrative === 1,
		params: fromJson(r.params, {}),
		goals: fromJson(r.goals, {}),
		disbursements: fromJson(r.disbursements, []),
		version: r.version,
		createdBy: r.created_by,
		updatedBy: r.updated_by,
		createdAt: r.created_at,
		updatedAt: r.updated_at
	};
}

// ------------------------------------------------------------------ features

/** A row of `features` (shared with the stores that read features: review, sessions, tiles). */
export interface FeatureRow {
	id: number;
	layer: string;
	geometry: Json<Geometry>;
	geometry_type?: string;
	min_x: number;
	min_y: number;
	max_x: number;
	max_y: number;
	properties: Json<Record<string, unknown>>;
	status: StoredFeature['status'];
	version: number;
	created_by: number | null;
	updated_by: number | null;
	created_at: string;
	updated_at: string;
}

export function toFeature(r: FeatureRow): StoredFeature {
	return {
		type: 'Feature',
		id: r.id,
		layer: r.layer,
		geometry: fromJson(r.geometry, null as unknown as Geometry),
		properties: fromJson(r.properties, {}),
		status: r.status,
		version: r.version,
		bbox: [r.min_x, r.min_y, r.max_x, r.max_y],
		createdBy: r.created_by,
		updatedBy: r.updated_by,
		createdAt: r.created_at,
		updatedAt: r.updated_at
	};
}

/** What the audit log keeps of a feature: everything needed to show and restore it. */
export function featureSnapshot(f: StoredFeature) {
	return { geometry: f.geometry, properties: f.properties, status: f.status, version: f.version };
}

/** The audit row of a feature create (after), update (before + after) or delete (before). */
export function featureAudit(
	layer: string,
	before: StoredFeature | null,
	after: StoredFeature | null
): AuditRecord {
	const f = (after ?? before)!;
	return {
		action: !before
			? AUDIT_ACTIONS.featureCreate
			: after
				? AUDIT_ACTIONS.featureUpdate
				: AUDIT_ACTIONS.featureDelete,
		entityType: 'feature',
		entityId: String(f.id),
		layer,
		...(before ? { before: featureSnapshot(before) } : {}),
		...(after ? { after: featureSnapshot(after) } : {})
	};
}
