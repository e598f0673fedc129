import type pg from 'pg';
import { AUDIT_ACTIONS } from '../../audit/actions';
import { RepoError, type ProjectFields, type ProjectRepository } from '../types';
import { toProject, type ProjectRow } from '../rows';
import { writeAudit } from './audit';
import { q, writeTx, type PgHandle } from './db';

/** Column values in the order $2…$14 of the statements below. */
function values(f: ProjectFields): unknown[] {
	return [
		f.code,
		f.name,
		f.year,
		f.sector,
		f.executor,
		f.budgetSoles,
		f.fundingSource,
		f.status,
		f.illustrative ? 1 : 0,
		JSON.stringify(f.params ?? {}),
		JSON.stringify(f.goals ?? {}),
		JSON.stringify(f.disbursements ?? [])
	];
}

function uniqueError(e: unknown): never {
	const err = e as { code?: string; constraint?: string };
	if (err?.code === '23505' && err.constraint === 'projects_code')
		throw new RepoError('PROJECT_CODE_TAKEN', 'Ya existe un proyecto con ese código.');
	if (err?.code === '23505' && err.constraint === 'projects_pkey')
		throw new RepoError('PROJECT_ID_TAKEN', 'Ya existe un proyecto con ese identificador.');
	throw e;
}

/** A failed statement aborts a PostgreSQL transaction: run it under a savepoint so the RepoError is clean. */
async function guarded(c: pg.PoolClient, sql: string, params: unknown[]): Promise<void> {
	await c.query('SAVEPOINT p');
	try {
		await c.query(sql, params);
		await c.query('RELEASE SAVEPOINT p');
	} catch (e) {
		await c.query('ROLLBACK TO SAVEPOINT p');
		uniqueError(e);
	}
}

const getRow = async (c: pg.PoolClient, id: string, lock = false) =>
	(await c.query(`SELECT * FROM projects WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id])).rows[0] as
		ProjectRow | undefined;

const usageSql =
	"SELECT count(*)::int AS n FROM features WHERE layer = $1 AND properties ->> 'projectId' = $2";

export function pgProjectRepository(h: PgHandle): ProjectRepository {
	return {
		async list() {
			return (
				await q<ProjectRow>(h, 'SELECT * FROM projects ORDER BY year DESC NULLS LAST, lower(name), name')
			).map(toProject);
		},
		async get(id) {
			const r = (await q<ProjectRow>(h, 'SELECT * FROM projects WHERE id = $1', [id]))[0];
			return r ? toProject(r) : null;
		},
		async usage(id, layer) {
			return (await q<{ n: number }>(h, usageSql, [layer, id]))[0]!.n;
		},
		async create(id, fields, ctx) {
			return writeTx(h, async (c) => {
				const now = new Date().toISOString();
				await guarded(
					c,
					`INSERT INTO projects (id, code, name, year, sector, executor, budget_soles, funding_source, status,
					 illustrative, params, goals, disbursements, version, created_by, updated_by, created_at, updated_at)
					 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, 1, $14, $14, $15, $15)`,
					[id, ...values(fields), ctx.actorId, now]
				);
				const p = toProject((await getRow(c, id))!);
				await writeAudit(
					c,
					{ action: AUDIT_ACTIONS.projectCreate, entityType: 'project', entityId: id, after: p },
					ctx
				);
				return p;
			});
		},
		async update(id, expectedVersion, fields, ctx) {
			return writeTx(h, async (c) => {
				const row = await getRow(c, id, true);
				if (!row) return { ok: false as const, reason: 'not_found' as const };
				const before = toProject(row);
				if (before.version !== expectedVersion)
					return { ok: false as const, reason: 'conflict' as const, current: before };
				await guarded(
					c,
					`UPDATE projects SET code = $2, name = $3, year = $4, sector = $5, executor = $6, budget_soles = $7,
					 funding_source = $8, status = $9, illustrative = $10, params = $11, goals = $12, disbursements = $13,
					 version = version + 1, updated_by = $14, updated_at = $15 WHERE id = $1 AND version = $16`,
					[id, ...values(fields), ctx.actorId, new Date().toISOString(), expectedVersion]
				);
				const after = toProject((await getRow(c, id))!);
				await writeAudit(
					c,
					{ action: AUDIT_ACTIONS.projectUpdate, entityType: 'project', entityId: id, before, after },
					ctx
				);
				return { ok: true as const, value: after };
			});
		},
		async delete(id, expectedVersion, ctx, usedByLayer) {
			return writeTx(h, async (c) => {
				const row = await getRow(c, id, true);
				if (!row) return { ok: false as const, reason: 'not_found' as const };
				const before = toProject(row);
				if (before.version !== expectedVersion)
					return { ok: false as const, reason: 'conflict' as const, current: before };
				const n = Number((await c.query(usageSql, [usedByLayer, id])).rows[0].n);
				if (n > 0)
					throw new RepoError(
						'PROJECT_IN_USE',
						`No se puede eliminar: ${n} intervención(es) pertenecen a este proyecto.`
					);
				await c.query('DELETE FROM projects WHERE id = $1 AND version = $2', [id, expectedVersion]);
				await writeAudit(
					c,
					{ action: AUDIT_ACTIONS.projectDelete, entityType: 'project', entityId: id, before },
					ctx
				);
				return { ok: true as const, value: before };
			});
		}
	};
}
