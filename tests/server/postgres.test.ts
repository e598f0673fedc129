/**
 * PostGIS backend (issue 10), on the throwaway cluster of scripts/pg-test-cluster.sh
 * (`YAKU_TEST_DATABASE_URL`): migrations in both dialects, geodesic measures with `geography` against
 * geographiclib/Turf (≤ 0.1 %), append-only audit log by trigger AND privileges, optimistic concurrency
 * identical to SQLite, and `db:migrate-to-postgres` verified by counts and checksums.
 */
import { area as turfArea, length as turfLength } from '@turf/turf';
import type { Geometry, LineString, Polygon } from 'geojson';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { areaHa } from '../../src/lib/geo/areaHa';
import { lengthM } from '../../src/lib/geo/lengthM';
import { openDatabase } from '../../src/lib/server/db/connection';
import { loadMigrations } from '../../src/lib/server/db/migrate';
import { copySqliteToPostgres } from '../../src/lib/server/db/postgres/copy';
import { checkTranslations, loadPgMigrations } from '../../src/lib/server/db/postgres/migrate';
import { openPostgresRepository } from '../../src/lib/server/repo/postgres';
import { createSqliteRepository } from '../../src/lib/server/repo/sqlite';
import type { FeatureInput, Repository } from '../../src/lib/server/repo/types';
import { PG_TEST_URL, pgUrlFor, tmpDataDir } from './helpers';

if (!PG_TEST_URL)
	console.warn(
		'[postgres.test] YAKU_TEST_DATABASE_URL no está definido: se omiten las pruebas PostGIS (npm test las corre con scripts/pg-test-cluster.sh).'
	);

const ctx = { actorId: null, actorUsername: 'test', actorRole: 'system' as const };

function bboxOf(g: Geometry): [number, number, number, number] {
	const xs: number[] = [];
	const ys: number[] = [];
	const walk = (c: unknown): void => {
		if (Array.isArray(c) && typeof c[0] === 'number') {
			xs.push(c[0]);
			ys.push(c[1] as number);
		} else if (Array.isArray(c)) c.forEach(walk);
	};
	walk((g as { coordinates: unknown }).coordinates);
	return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
}
const input = (geometry: Geometry, properties: Record<string, unknown> = {}): FeatureInput => ({
	geometry,
	bbox: bboxOf(geometry),
	properties,
	status: 'borrador'
});
const square = (x: number, y: number, d: number): Polygon => ({
	type: 'Polygon',
	coordinates: [
		[
			[x, y],
			[x + d, y],
			[x + d, y + d * 0.8],
			[x + d * 0.1, y + d],
			[x, y]
		]
	]
});

it('every SQLite migration has its PostgreSQL translation (same number and name)', () => {
	expect(() => checkTranslations()).not.toThrow();
	expect(loadPgMigrations().map((m) => m.version)).toEqual(loadMigrations().map((m) => m.version));
});

describe.skipIf(!PG_TEST_URL)('PostGIS repository', () => {
	let url: string;
	let repo: Repository;
	let admin: pg.Client;

	beforeAll(async () => {
		url = await pgUrlFor(tmpDataDir('yaku-pgrepo-'));
		repo = openPostgresRepository(url);
		expect(await repo.schemaVersion()).toBe(loadMigrations().length);
		admin = new pg.Client({ connectionString: url });
		await admin.connect();
	}, 60_000);
	afterAll(async () => {
		await admin?.end();
		await repo?.close();
	});

	it('geometry(…, 4326) with GiST indexes', async () => {
		const t = await admin.query(
			"SELECT type, srid FROM geometry_columns WHERE f_table_name = 'features' AND f_geometry_column = 'geom'"
		);
		expect(t.rows[0]).toEqual({ type: 'GEOMETRY', srid: 4326 });
		const idx = await admin.query(
			"SELECT indexdef FROM pg_indexes WHERE tablename = 'features' AND indexdef LIKE '%gist%'"
		);
		expect(idx.rows.length).toBeGreaterThanOrEqual(2);
	});

	it('geodesic area and length with geography agree with geographiclib and Turf (≤ 0.1 %)', async () => {
		const shapes: (Polygon | LineString)[] = [
			square(-72.05, -13.44, 0.001),
			square(-72.04, -13.43, 0.01),
			square(-72.09, -13.47, 0.05),
			{
				type: 'LineString',
				coordinates: [
					[-72.05, -13.44],
					[-72.03, -13.42],
					[-72.0, -13.43]
				]
			}
		];
		for (const g of shapes) {
			const f = await repo.features.create('medidas', input(g), ctx);
			const r = await admin.query(
				'SELECT ST_Area(geom::geography) AS a, ST_Length(geom::geography) AS l FROM features WHERE id = $1',
				[f.id]
			);
			if (g.type === 'Polygon') {
				const pgHa = r.rows[0].a / 10_000;
				const libHa = areaHa(g);
				const turfHa = turfArea(g) / 10_000;
				expect(Math.abs(pgHa - libHa) / libHa).toBeLessThan(0.001);
				// Turf's area is spherical (R = 6 378 137 m): here it reads 0.38 % more than the ellipsoid, a known
				// model difference, not an error; yaku's measures (src/lib/geo) are ellipsoidal like geography.
				expect(Math.abs(pgHa - turfHa) / turfHa).toBeLessThan(0.005);
				expect(Math.abs(pgHa - libHa) / libHa).toBeLessThan(1e-6);
			} else {
				const m = lengthM(g);
				expect(Math.abs(r.rows[0].l - m) / m).toBeLessThan(0.001);
				expect(
					Math.abs(
						r.rows[0].l - turfLength({ type: 'Feature', geometry: g, properties: {} }, { units: 'meters' })
					) / m
				).toBeLessThan(0.005);
			}
		}
	});

	it('bbox list uses the GiST index and matches SQLite semantics (box intersection)', async () => {
		const a = await repo.features.create('bbox', input(square(-72.0, -13.4, 0.001)), ctx);
		await repo.features.create('bbox', input(square(-71.9, -13.3, 0.001)), ctx);
		const page = await repo.features.list({
			layer: 'bbox',
			statuses: ['borrador'],
			bbox: [-72.0005, -13.4005, -71.9995, -13.3995],
			limit: 10,
			offset: 0
		});
		expect(page.features.map((f) => f.id)).toEqual([a.id]);
		expect(page.numberMatched).toBe(1);
	});

	it('audit log is append-only by trigger (even for a superuser)', async () => {
		await repo.audit.record({ action: 'test.ping', entityType: 'test' }, ctx);
		await expect(admin.query("UPDATE audit_log SET action = 'x'")).rejects.toThrow(/append-only/);
		await expect(admin.query('DELETE FROM audit_log')).rejects.toThrow(/append-only/);
		await expect(admin.query('TRUNCATE audit_log')).rejects.toThrow(/append-only/);
		expect((await repo.audit.verifyChain()).ok).toBe(true);
	});

	it('audit log is append-only by privileges (the owning role itself cannot UPDATE/DELETE/TRUNCATE)', async () => {
		// A non-superuser owner runs the migrations, as in production (docs/postgis.md).
		const dbName = `yaku_priv_${Date.now()}`;
		const boot = new pg.Client({ connectionString: PG_TEST_URL });
		await boot.connect();
		const pw = `pw-${Math.random().toString(36).slice(2)}`;
		await boot.query(`DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'yaku_owner') THEN
			CREATE ROLE yaku_owner LOGIN; END IF; END $$`);
		await boot.query(`ALTER ROLE yaku_owner PASSWORD '${pw}'`);
		await boot.query(`CREATE DATABASE ${dbName} OWNER yaku_owner`);
		await boot.end();
		const u = new URL(PG_TEST_URL);
		u.pathname = `/${dbName}`;
		const su = new pg.Client({ connectionString: u.href });
		await su.connect();
		await su.query('CREATE EXTENSION postgis'); // not a trusted extension: the DBA installs it once
		await su.end();
		u.username = 'yaku_owner';
		u.password = pw;
		const ownerRepo = openPostgresRepository(u.href);
		try {
			await ownerRepo.audit.record({ action: 'test.ping', entityType: 'test' }, ctx);
			const c = new pg.Client({ connectionString: u.href });
			await c.connect();
			try {
				const p = await c.query(
					"SELECT has_table_privilege('audit_log', 'UPDATE') AS u, has_table_privilege('audit_log', 'DELETE') AS d, has_table_privilege('audit_log', 'TRUNCATE') AS t, has_table_privilege('audit_log', 'INSERT') AS i"
				);
				expect(p.rows[0]).toEqual({ u: false, d: false, t: false, i: true });
				await expect(c.query("UPDATE audit_log SET action = 'x'")).rejects.toThrow(/permission denied/);
				await expect(c.query('DELETE FROM audit_log')).rejects.toThrow(/permission denied/);
				await expect(c.query('TRUNCATE audit_log')).rejects.toThrow(/permission denied/);
			} finally {
				await c.end();
			}
		} finally {
			await ownerRepo.close();
		}
	});

	it('optimistic concurrency behaves exactly like SQLite', async () => {
		const dir = tmpDataDir('yaku-occ-');
		const { db } = openDatabase(join(dir, 'yaku.db'));
		const lite = createSqliteRepository(db);
		try {
			const run = async (r: Repository) => {
				const out: unknown[] = [];
				const f = await r.features.create('occ', input(square(-72, -13.4, 0.001), { n: 1 }), ctx);
				const u1 = await r.features.update('occ', f.id, 1, input(square(-72, -13.4, 0.001), { n: 2 }), ctx);
				out.push(u1.ok && u1.value.version);
				const stale = await r.features.update(
					'occ',
					f.id,
					1,
					input(square(-72, -13.4, 0.001), { n: 3 }),
					ctx
				);
				out.push(
					stale.ok,
					!stale.ok && stale.reason,
					!stale.ok && stale.reason === 'conflict' && stale.current.version
				);
				out.push(!stale.ok && stale.reason === 'conflict' && stale.current.properties);
				const del = await r.features.delete('occ', f.id, 1, ctx);
				out.push(del.ok, !del.ok && del.reason);
				const ok = await r.features.delete('occ', f.id, 2, ctx);
				out.push(ok.ok);
				const gone = await r.features.update('occ', f.id, 2, input(square(-72, -13.4, 0.001)), ctx);
				out.push(gone.ok, !gone.ok && gone.reason);
				const s0 = await r.settings.put('occ_key', { a: 1 }, 0, ctx);
				const s1 = await r.settings.put('occ_key', { a: 2 }, 0, ctx);
				out.push(s0.ok && s0.value.version, s1.ok, !s1.ok && s1.reason);
				return out;
			};
			const a = await run(lite);
			const b = await run(repo);
			expect(b).toEqual(a);
			expect(a).toEqual([
				2,
				false,
				'conflict',
				2,
				{ n: 2 },
				false,
				'conflict',
				true,
				false,
				'not_found',
				1,
				false,
				'conflict'
			]);
		} finally {
			db.close();
		}
	});

	it('db:migrate-to-postgres copies a SQLite installation, verified by counts and checksums', async () => {
		const dir = tmpDataDir('yaku-copy-');
		const { db } = openDatabase(join(dir, 'yaku.db'));
		const lite = createSqliteRepository(db);
		const u = await lite.users.create(
			{ username: 'Ana', displayName: 'Ana Q.', role: 'admin', passwordHash: 'x$y' },
			ctx
		);
		for (let i = 0; i < 120; i++) {
			const f = await lite.features.create(
				i % 2 ? 'intervenciones' : 'otra',
				input(square(-72.05 + i * 0.001, -13.44, 0.0008), {
					type: 'forestacion',
					z: { k: i, a: [1, 'b'] },
					name: `ñandú ${i}`
				}),
				{ ...ctx, actorId: u.id }
			);
			if (i % 3 === 0)
				await lite.features.update(
					'intervenciones',
					f.id,
					1,
					{ ...input(f.geometry, { v: 2 }), status: 'publicado' },
					ctx
				);
		}
		await lite.settings.put('zee_compat', { matrix: {}, note: 'editada' }, 1, ctx);
		const target = await pgUrlFor(tmpDataDir('yaku-copydst-'));
		const h = openPostgresRepository(target);
		await h.schemaVersion(); // migrated
		const c = new pg.Client({ connectionString: target });
		await c.connect();
		try {
			const r = await copySqliteToPostgres(db, c);
			expect(r.tables.filter((t) => !t.ok)).toEqual([]);
			expect(r.ok).toBe(true);
			expect(r.tables.find((t) => t.table === 'features')!.postgresRows).toBe(120);
			// The copied installation works through the repository, ids continue.
			expect((await h.audit.verifyChain()).ok).toBe(true);
			expect((await h.users.getByUsernameWithHash('ana'))?.id).toBe(u.id);
			const more = await h.features.create('otra', input(square(-72, -13.4, 0.001)), ctx);
			expect(more.id).toBe(121);
			// A second copy into a non-empty database is refused.
			await expect(copySqliteToPostgres(db, c)).rejects.toThrow(/no está vacía/);
		} finally {
			await c.end();
			await h.close();
			db.close();
		}
	});
});
