/**
 * npm run db:migrate-to-postgres -- [--from <yaku.db>] --to postgres://user:pw@host:port/db
 * Copies a SQLite installation (default $YAKU_DATA_DIR/yaku.db; stop the server first) into an EMPTY
 * PostgreSQL/PostGIS database: migrates both to this build's schema, copies every table keeping ids and
 * audit hashes, then verifies row counts, per-table SHA-256 checksums and the audit hash chain.
 * Exit code 0 only when everything matches. docs/postgis.md.
 */
import pg from 'pg';
import { dbConfig, openDatabase } from '../src/lib/server/db/connection';
import { copySqliteToPostgres } from '../src/lib/server/db/postgres/copy';
import { openPg } from '../src/lib/server/repo/postgres/db';

function arg(name: string): string | undefined {
	const i = process.argv.indexOf(name);
	return i >= 0 ? process.argv[i + 1] : undefined;
}

const from = arg('--from') ?? dbConfig().dbPath;
const to = arg('--to') ?? process.env.DATABASE_URL;
if (!to || !/^postgres(ql)?:\/\//.test(to)) {
	console.error(
		'Uso: npm run db:migrate-to-postgres -- [--from yaku.db] --to postgres://usuario:clave@host:puerto/base'
	);
	process.exit(2);
}
const { db } = openDatabase(from);
const h = openPg(to);
try {
	await h.ready;
	const c = new pg.Client({ connectionString: to });
	await c.connect();
	try {
		console.log(`Copiando ${from} → ${to.replace(/:[^:@/]*@/, ':***@')}`);
		const r = await copySqliteToPostgres(db, c, (s) => console.log(s));
		console.table(
			r.tables.map((t) => ({
				tabla: t.table,
				sqlite: t.sqliteRows,
				postgres: t.postgresRows,
				sha256: t.sqliteSha256.slice(0, 16),
				igual: t.ok ? 'sí' : 'NO'
			}))
		);
		console.log(`Cadena de auditoría: ${r.auditChainOk ? 'íntegra' : 'ROTA'}; ${r.ms} ms.`);
		if (!r.ok) {
			console.error('La copia NO coincide: revise las tablas marcadas.');
			process.exitCode = 1;
		} else console.log('Copia verificada: conteos y sumas SHA-256 idénticos.');
	} finally {
		await c.end();
	}
} catch (e) {
	console.error(`Error: ${(e as Error).message}`);
	process.exitCode = 1;
} finally {
	db.close();
	await Promise.all([h.pool.end(), h.writePool.end()]);
}
