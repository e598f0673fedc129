import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/lib/server/db/connection';
import {
	DbVersionError,
	MigrationChecksumError,
	loadMigrations,
	migrate
} from '../../../src/lib/server/db/migrate';
import { createSqliteRepository } from '../../../src/lib/server/repo/sqlite';
import type { AuditContext } from '../../../src/lib/server/repo/types';

const tmp = () => join(mkdtempSync(join(tmpdir(), 'yaku-unit-')), 'yaku.db');
const ctx: AuditContext = { actorId: null, actorUsername: 'test', actorRole: 'system' };
const square = {
	type: 'Polygon' as const,
	coordinates: [
		[
			[0, 0],
			[1, 0],
			[1, 1],
			[0, 1],
			[0, 0]
		]
	]
};

describe('database', () => {
	it('creates the file, WAL + synchronous=FULL + foreign keys, migrations versioned', () => {
		const { db, migration } = openDatabase(tmp());
		expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
		expect(db.pragma('synchronous', { simple: true })).toBe(2);
		expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
		expect(migration.applied).toEqual(loadMigrations().map((m) => m.version));
		expect(migrate(db).applied).toEqual([]);
		db.close();
	});

	it('refuses a database newer than the code', () => {
		const path = tmp();
		const { db } = openDatabase(path);
		db.pragma('user_version = 42');
		db.close();
		expect(() => openDatabase(path)).toThrow(DbVersionError);
	});

	it('refuses an applied migration whose file changed', () => {
		const { db } = openDatabase(tmp());
		const ms = loadMigrations().map((m) => ({ ...m, checksum: 'x' + m.checksum.slice(1) }));
		expect(() => migrate(db, ms)).toThrow(MigrationChecksumError);
		db.close();
	});

	it('audit_log is append-only (triggers) and hash-chained', async () => {
		const { db } = openDatabase(tmp());
		const repo = createSqliteRepository(db);
		await repo.features.create(
			'l',
			{ geometry: square, bbox: [0, 0, 1, 1], properties: {}, status: 'borrador' },
			ctx
		);
		expect(() => db.prepare('UPDATE audit_log SET action = ?').run('x')).toThrow(/append-only/);
		expect(() => db.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/);
		expect((await repo.audit.verifyChain()).ok).toBe(true);
		// Tampering outside the app (dropping the trigger) is detected by the chain.
		db.exec('DROP TRIGGER audit_log_no_update');
		db.prepare("UPDATE audit_log SET actor_username = 'otro'").run();
		expect(await repo.audit.verifyChain()).toMatchObject({ ok: false, brokenAt: 1 });
		db.close();
	});

	it('a failed change writes no audit row (same transaction)', async () => {
		const { db } = openDatabase(tmp());
		const repo = createSqliteRepository(db);
		await expect(
			repo.features.create(
				'l',
				{ geometry: square, bbox: [2, 2, 1, 1], properties: {}, status: 'borrador' },
				ctx
			)
		).rejects.toThrow(/CHECK/);
		expect(await repo.audit.count()).toBe(0);
		expect(
			(await repo.features.list({ layer: 'l', statuses: ['borrador'], limit: 10, offset: 0 })).numberMatched
		).toBe(0);
		db.close();
	});

	it('optimistic versions: stale update → conflict with current row, one audit row per success', async () => {
		const { db } = openDatabase(tmp());
		const repo = createSqliteRepository(db);
		const f = await repo.features.create(
			'l',
			{ geometry: square, bbox: [0, 0, 1, 1], properties: { a: 1 }, status: 'borrador' },
			ctx
		);
		const input = {
			geometry: square,
			bbox: [0, 0, 1, 1] as [number, number, number, number],
			properties: { a: 2 },
			status: 'publicado' as const
		};
		const ok = await repo.features.update('l', f.id, 1, input, ctx);
		expect(ok.ok && ok.value.version).toBe(2);
		const stale = await repo.features.update('l', f.id, 1, input, ctx);
		expect(stale).toMatchObject({ ok: false, reason: 'conflict', current: { version: 2 } });
		expect(await repo.features.update('l', 999, 1, input, ctx)).toEqual({ ok: false, reason: 'not_found' });
		expect(await repo.audit.count({ entityType: 'feature' })).toBe(2);
		const h = await repo.audit.history('feature', String(f.id));
		expect(h.map((e) => e.action)).toEqual(['feature.create', 'feature.update']);
		expect((h[1]!.before as { properties: { a: number } }).properties.a).toBe(1);
		db.close();
	});

	it('bbox queries use the R*Tree and respect status filters', async () => {
		const { db } = openDatabase(tmp());
		const repo = createSqliteRepository(db);
		for (let i = 0; i < 10; i++) {
			const s = {
				type: 'Polygon' as const,
				coordinates: [
					[
						[i, 0],
						[i + 0.5, 0],
						[i + 0.5, 0.5],
						[i, 0.5],
						[i, 0]
					]
				]
			};
			await repo.features.create(
				'l',
				{ geometry: s, bbox: [i, 0, i + 0.5, 0.5], properties: {}, status: i % 2 ? 'publicado' : 'borrador' },
				ctx
			);
		}
		const all = await repo.features.list({
			layer: 'l',
			statuses: ['borrador', 'publicado'],
			bbox: [2.2, 0, 4.1, 1],
			limit: 100,
			offset: 0
		});
		expect(all.features.map((f) => f.bbox[0])).toEqual([2, 3, 4]);
		const pub = await repo.features.list({
			layer: 'l',
			statuses: ['publicado'],
			bbox: [2.2, 0, 4.1, 1],
			limit: 100,
			offset: 0
		});
		expect(pub.features.map((f) => f.bbox[0])).toEqual([3]);
		db.close();
	});

	it('users: unique usernames (case-insensitive), never the last admin', async () => {
		const { db } = openDatabase(tmp());
		const repo = createSqliteRepository(db);
		const a = await repo.users.create(
			{ username: 'Ana', displayName: 'Ana', role: 'admin', passwordHash: 'h' },
			ctx
		);
		await expect(
			repo.users.create({ username: 'ana', displayName: 'x', role: 'comite', passwordHash: 'h' }, ctx)
		).rejects.toMatchObject({
			code: 'USERNAME_TAKEN'
		});
		await expect(repo.users.update(a.id, { role: 'comite' }, ctx)).rejects.toMatchObject({
			code: 'LAST_ADMIN'
		});
		await expect(repo.users.update(a.id, { disabled: true }, ctx)).rejects.toMatchObject({
			code: 'LAST_ADMIN'
		});
		db.close();
	});
});
