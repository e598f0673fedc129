/**
 * npm run user:add -- --username ana --role comite [--name "Ana Quispe"] [--password-stdin]
 * Creates a user directly in the database (works while the server runs: WAL + busy timeout). Without
 * --password-stdin a random one-time password is printed once and must be changed at first login.
 * Also: --reset (new password for an existing user), --role admin for the first admin.
 */
import { parseArgs } from 'node:util';
import { readFileSync } from 'node:fs';
import { dbConfig, openDatabase } from '../src/lib/server/db/connection';
import { createSqliteRepository } from '../src/lib/server/repo/sqlite';
import { hashPassword, randomPassword } from '../src/lib/server/auth/password';
import { AUDIT_ACTIONS } from '../src/lib/server/audit/actions';
import { userCreateSchema, passwordSchema } from '../src/lib/server/schemas/user';
import type { AuditContext } from '../src/lib/server/repo/types';

const { values } = parseArgs({
	options: {
		username: { type: 'string' },
		name: { type: 'string' },
		role: { type: 'string', default: 'comite' },
		'password-stdin': { type: 'boolean', default: false },
		reset: { type: 'boolean', default: false },
		json: { type: 'boolean', default: false },
		help: { type: 'boolean', default: false }
	}
});

if (values.help || !values.username) {
	console.log(`Uso: npm run user:add -- --username <usuario> [--role comite|revisor|admin] [--name "Nombre"]
       [--password-stdin] [--reset] [--json]
Base de datos: ${dbConfig().dbPath} (YAKU_DATA_DIR / YAKU_DB_PATH)`);
	process.exit(values.help ? 0 : 2);
}

const ctx: AuditContext = {
	actorId: null,
	actorUsername: 'cli',
	actorRole: 'system',
	ip: 'cli',
	requestId: null
};
const { db } = openDatabase(dbConfig().dbPath);
const repo = createSqliteRepository(db);
try {
	let password: string;
	let temporary = false;
	if (values['password-stdin']) {
		password = readFileSync(0, 'utf8').replace(/\r?\n$/, '');
		const ok = passwordSchema.safeParse(password);
		if (!ok.success) throw new Error(ok.error.issues[0]?.message ?? 'Contraseña inválida');
	} else {
		password = randomPassword();
		temporary = true;
	}
	if (values.reset) {
		const u = await repo.users.getByUsernameWithHash(values.username);
		if (!u) throw new Error(`No existe el usuario ${values.username}`);
		await repo.users.update(
			u.id,
			{ passwordHash: await hashPassword(password), mustChangePassword: temporary, disabled: false },
			ctx,
			undefined,
			AUDIT_ACTIONS.userPasswordReset
		);
		out(u.username, u.role);
	} else {
		const input = userCreateSchema.parse({
			username: values.username,
			displayName: values.name ?? values.username,
			role: values.role,
			password
		});
		const u = await repo.users.create(
			{
				username: input.username,
				displayName: input.displayName,
				role: input.role,
				passwordHash: await hashPassword(password),
				mustChangePassword: temporary
			},
			ctx
		);
		out(u.username, u.role);
	}

	function out(username: string, role: string) {
		if (values.json) console.log(JSON.stringify({ username, role, ...(temporary ? { password } : {}) }));
		else {
			console.log(`Usuario ${username} (${role}) listo.`);
			if (temporary)
				console.log(`Contraseña temporal (se muestra una sola vez; debe cambiarse al ingresar): ${password}`);
		}
	}
} catch (e) {
	const issues = (e as { issues?: { path: unknown[]; message: string }[] }).issues;
	console.error(
		issues
			? issues.map((i) => `Error: ${i.path.join('.')}: ${i.message}`).join('\n')
			: `Error: ${(e as Error).message}`
	);
	process.exitCode = 1;
} finally {
	db.close();
}
