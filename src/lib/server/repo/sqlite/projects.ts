import type Database from 'better-sqlite3';
import { AUDIT_ACTIONS } from '../../audit/actions';
import { RepoError, type ProjectFields, type ProjectRepository } from '../types';
import { toProject, type ProjectRow } from '../rows';
import { writeAudit } from './audit';

function columns(f: ProjectFields) {
	return {
		code: f.code,
		name: f.name,
		year: f.year,
		sector: f.sector,
		executor: f.executor,
		budget_soles: f.budgetSoles,
		funding_source: f.fundingSource,
		status: f.status,
		illustrative: f.illustrative ? 1 : 0,
		params: JSON.stringify(f.params ?? {}),
		goals: JSON.stringify(f.goals ?? {}),
		disbursements: JSON.stringify(f.disbursements ?? [])
	};
}

function uniqueError(e: unknown): never {
	const msg = String((e as Error)?.message ?? '');
	if (/UNIQUE constraint failed: projects\.code|projects_code/.test(msg))
		throw new RepoError('PROJECT_CODE_TAKEN', 'Ya existe un proyecto con ese código.');
	if (/UNIQUE constraint failed: projects\.id|PRIMARY KEY/.test(msg))
		throw new RepoError('PROJECT_ID_TAKEN', 'Ya existe un proyecto con ese identificador.');
	throw e;
}

export function sqliteProjectRepository(db: Database.Database): ProjectRepository {
	const getStmt = db.prepare('SELECT * FROM projects WHERE id = ?');
	const getRow = (id: string) => getStmt.get(id) as ProjectRow | undefined;
	const usageStmt = db.prepare(
		"SELECT count(*) AS n FROM features WHERE layer = ? AND json_extract(properties, '$.projectId') = ?"
	);
	const usage = (id: string, layer: string) => (usageStmt.get(layer, id) as { n: number }).n;

	return {
		async list() {
			return (
				db
					.prepare('SELECT * FROM projects ORDER BY year DESC NULLS LAST, name COLLATE NOCASE')
					.all() as ProjectRow[]
			).map(toProject);
		},
		async get(id) {
			const r = getRow(id);
			return r ? toProject(r) : null;
		},
		async usage(id, layer) {
			return usage(id, layer);
		},
		async create(id, fields, ctx) {
			return db
				.transaction(() => {
					const now = new Date().toISOString();
					try {
						db.prepare(
							`INSERT INTO projects (id, code, name, year, sector, executor, budget_soles, funding_source, status,
							 illustrative, params, goals, disbursements, version, created_by, updated_by, created_at, updated_at)
							 VALUES (@id, @code, @name, @year, @sector, @executor, @budget_soles, @funding_source, @status,
							 @illustrative, @params, @goals, @disbursements, 1, @actor, @actor, @now, @now)`
						).run({ id, ...columns(fields), actor: ctx.actorId, now });
					} catch (e) {
						uniqueError(e);
					}
					const p = toProject(getRow(id)!);
					writeAudit(
						db,
						{ action: AUDIT_ACTIONS.projectCreate, entityType: 'project', entityId: id, after: p },
						ctx
					);
					return p;
				})
				.immediate();
		},
		async update(id, expectedVersion, fields, ctx) {
			return db
				.transaction(() => {
					const row = getRow(id);
					if (!row) return { ok: false as const, reason: 'not_found' as const };
					const before = toProject(row);
					if (before.version !== expectedVersion)
						return { ok: false as const, reason: 'conflict' as const, current: before };
					try {
						db.prepare(
							`UPDATE projects SET code = @code, name = @name, year = @year, sector = @sector, executor = @executor,
							 budget_soles = @budget_soles, funding_source = @funding_source, status = @status,
							 illustrative = @illustrative, params = @params, goals = @goals, disbursements = @disbursements,
							 version = version + 1, updated_by = @actor,
							 updated_at = @now WHERE id = @id AND version = @version`
						).run({
							id,
							...columns(fields),
							actor: ctx.actorId,
							now: new Date().toISOString(),
							version: expectedVersion
						});
					} catch (e) {
						uniqueError(e);
					}
					const after = toProject(getRow(id)!);
					writeAudit(
						db,
						{ action: AUDIT_ACTIONS.projectUpdate, entityType: 'project', entityId: id, before, after },
						ctx
					);
					return { ok: true as const, value: after };
				})
				.immediate();
		},
		async delete(id, expectedVersion, ctx, usedByLayer) {
			return db
				.transaction(() => {
					const row = getRow(id);
					if (!row) return { ok: false as const, reason: 'not_found' as const };
					const before = toProject(row);
					if (before.version !== expectedVersion)
						return { ok: false as const, reason: 'conflict' as const, current: before };
					const n = usage(id, usedByLayer);
					if (n > 0)
						throw new RepoError(
							'PROJECT_IN_USE',
							`No se puede eliminar: ${n} intervención(es) pertenecen a este proyecto.`
						);
					db.prepare('DELETE FROM projects WHERE id = ? AND version = ?').run(id, expectedVersion);
					writeAudit(
						db,
						{ action: AUDIT_ACTIONS.projectDelete, entityType: 'project', entityId: id, before },
						ctx
					);
					return { ok: true as const, value: before };
				})
				.immediate();
		}
	};
}
