/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * Server lifecycle on the real build: first start prints a one-time setup link (no default password),
 * a database newer than the code is refused, sessions expire, `npm run user:add`, and an online backup
 * taken during writes restores into a working server.
 */
import Database from 'better-sqlite3';
import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import {
	BUILD,
	Client,
	PIURAY,
	ROOT,
	freePort,
	requireBuild,
	seedUsers,
	square,
	startServer,
	tmpDataDir
} from './helpers';

const run = promisify(execFile);
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');
const PW = 'contraseña-de-prueba-1';

describe('first start and schema guard', () => {
	it('prints a one-time setup link; it creates the admin once and then stops working', async () => {
		const dir = tmpDataDir();
		const srv = await startServer(dir);
		try {
			await new Promise((r) => setTimeout(r, 100));
			const m = /YAKU_SETUP_LINK (\S+)/.exec(srv.output());
			expect(m).not.toBeNull();
			const link = new URL(m![1]!);
			const token = link.searchParams.get('token')!;
			const c = new Client(srv.origin);
			expect((await c.get(`/admin/setup?token=wrong`, { accept: 'text/html' })).text).toContain(
				'no es válido'
			);
			const form = new URLSearchParams({
				token,
				username: 'primera',
				displayName: 'Primera Admin',
				password: PW,
				confirmPassword: PW
			});
			const r = await c.post('/admin/setup', form, {
				accept: 'application/json',
				'x-sveltekit-action': 'true'
			});
			expect(r.status).toBe(200);
			expect(r.body.type).toBe('redirect');
			expect((await c.get('/api/session')).body.user.role).toBe('admin');
			const again = await new Client(srv.origin).post(
				'/admin/setup',
				new URLSearchParams({ ...Object.fromEntries(form), username: 'segunda' }),
				{ accept: 'application/json', 'x-sveltekit-action': 'true' }
			);
			expect(again.body.type).toBe('failure');
			const users = await c.get('/api/users');
			expect(users.body.users.map((u: any) => u.username)).toEqual(['primera']);
		} finally {
			await srv.stop();
		}
		// A restart with an admin prints no link.
		const srv2 = await startServer(dir);
		await srv2.stop();
		expect(srv2.output()).not.toContain('YAKU_SETUP_LINK');
	});

	it('refuses to start on a database newer than the code, with a clear message', async () => {
		requireBuild();
		const dir = tmpDataDir();
		const srv = await startServer(dir);
		await srv.stop();
		const db = new Database(join(dir, 'yaku.db'));
		db.pragma('user_version = 999');
		db.close();
		const port = await freePort();
		const proc = spawn(process.execPath, [BUILD], {
			env: { PATH: process.env.PATH ?? '', PORT: String(port), HOST: '127.0.0.1', YAKU_DATA_DIR: dir },
			stdio: ['ignore', 'pipe', 'pipe']
		});
		let out = '';
		proc.stdout.on('data', (d) => (out += d));
		proc.stderr.on('data', (d) => (out += d));
		const code = await new Promise<number | null>((resolve) => {
			const t = setTimeout(() => {
				proc.kill('SIGKILL');
				resolve(null);
			}, 15_000);
			proc.on('exit', (c) => {
				clearTimeout(t);
				resolve(c);
			});
		});
		expect(code).not.toBe(0);
		expect(code).not.toBeNull();
		expect(out).toMatch(/más nueva que la que conoce esta versión de yaku/);
		expect(out).toContain('999');
	});
});

describe('sessions', () => {
	it('expire after the idle timeout', async () => {
		const dir = tmpDataDir();
		await seedUsers(dir, [{ username: 'breve', role: 'comite', password: PW }]);
		const srv = await startServer(dir, { YAKU_SESSION_IDLE_HOURS: String(1.2 / 3600) });
		try {
			const c = new Client(srv.origin);
			await c.login('breve', PW);
			expect((await c.get('/api/session')).body.user.username).toBe('breve');
			await new Promise((r) => setTimeout(r, 1600));
			expect((await c.get('/api/session')).body.user).toBeNull();
			expect(
				(await c.post('/api/collections/x/features', { geometry: square(PIURAY.lon, PIURAY.lat) })).status
			).toBe(401);
		} finally {
			await srv.stop();
		}
	});

	it('password change ends other sessions and keeps this one', async () => {
		const dir = tmpDataDir();
		await seedUsers(dir, [{ username: 'cambia', role: 'revisor', password: PW }]);
		const srv = await startServer(dir);
		try {
			const a = new Client(srv.origin);
			const b = new Client(srv.origin);
			await a.login('cambia', PW);
			await b.login('cambia', PW);
			const NEW = 'otra-contraseña-larga-2';
			const r = await a.post('/api/account/password', {
				currentPassword: PW,
				newPassword: NEW,
				confirmPassword: NEW
			});
			expect(r.status).toBe(200);
			expect((await a.get('/api/session')).body.user?.username).toBe('cambia');
			expect((await b.get('/api/session')).body.user).toBeNull();
			expect(
				(await new Client(srv.origin).post('/api/session', { username: 'cambia', password: PW })).status
			).toBe(401);
			await new Client(srv.origin).login('cambia', NEW);
		} finally {
			await srv.stop();
		}
	});
});

describe('CLI: user:add, backup, restore', () => {
	it('user:add creates a user with a one-time password that must be changed', async () => {
		const dir = tmpDataDir();
		const { stdout } = await run(
			TSX,
			['scripts/user-add.ts', '--username', 'cli-admin', '--role', 'admin', '--json'],
			{
				cwd: ROOT,
				env: { ...process.env, YAKU_DATA_DIR: dir }
			}
		);
		const out = JSON.parse(stdout.trim().split('\n').pop()!);
		expect(out.username).toBe('cli-admin');
		expect(out.password.length).toBeGreaterThanOrEqual(16);
		const srv = await startServer(dir);
		try {
			const c = new Client(srv.origin);
			await c.login('cli-admin', out.password);
			const s = await c.get('/api/session');
			expect(s.body.user.mustChangePassword).toBe(true);
			const blocked = await c.post('/api/users', { username: 'zzz', displayName: 'z', role: 'comite' });
			expect(blocked.status).toBe(403);
			expect(blocked.body.code).toBe('PASSWORD_CHANGE_REQUIRED');
			expect(srv.output()).not.toContain('YAKU_SETUP_LINK');
		} finally {
			await srv.stop();
		}
	});

	it('online backup during writes restores into a working server', async () => {
		const dir = tmpDataDir();
		await seedUsers(dir, [{ username: 'resp', role: 'admin', password: PW }]);
		const srv = await startServer(dir);
		const c = new Client(srv.origin);
		await c.login('resp', PW);
		for (let i = 0; i < 20; i++)
			await c.post('/api/collections/bk/features', {
				geometry: square(PIURAY.lon, PIURAY.lat),
				properties: { i }
			});
		let stop = false;
		const writer = (async () => {
			let i = 100;
			while (!stop)
				await c.post('/api/collections/bk/features', {
					geometry: square(PIURAY.lon, PIURAY.lat),
					properties: { i: i++ }
				});
		})();
		const file = join(dir, 'copia.db');
		const env = { ...process.env, YAKU_DATA_DIR: dir };
		const { stdout } = await run(TSX, ['scripts/backup.ts', '--out', file, '--json'], { cwd: ROOT, env });
		stop = true;
		await writer;
		const info = JSON.parse(stdout.trim().split('\n').pop()!);
		expect(info.features).toBeGreaterThanOrEqual(20);
		expect(existsSync(file)).toBe(true);
		// restore refuses while the server runs
		await expect(run(TSX, ['scripts/restore.ts', file], { cwd: ROOT, env })).rejects.toMatchObject({
			stderr: expect.stringContaining('Deténgalo')
		});
		const liveCount = (await c.get('/api/collections/bk/features?limit=10000')).body.numberMatched;
		expect(liveCount).toBeGreaterThan(info.features - 1);
		await srv.stop();
		await run(TSX, ['scripts/restore.ts', file], { cwd: ROOT, env });
		const srv2 = await startServer(dir);
		try {
			const c2 = new Client(srv2.origin);
			await c2.login('resp', PW);
			const list = await c2.get('/api/collections/bk/features?limit=10000');
			expect(list.body.numberMatched).toBe(info.features);
			expect((await c2.get('/api/audit/verify')).body.ok).toBe(true);
			const w = await c2.post('/api/collections/bk/features', { geometry: square(PIURAY.lon, PIURAY.lat) });
			expect(w.status).toBe(201);
		} finally {
			await srv2.stop();
		}
	}, 60_000);
});
