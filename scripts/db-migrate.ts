/** npm run db:migrate — create the database if needed and apply pending migrations (the server does this too). */
import { dbConfig, openDatabase } from '../src/lib/server/db/connection';

const { dbPath } = dbConfig();
try {
	const { db, migration } = openDatabase(dbPath);
	db.close();
	console.log(
		migration.applied.length
			? `${dbPath}: migraciones aplicadas ${migration.applied.join(', ')} (esquema v${migration.to})`
			: `${dbPath}: al día (esquema v${migration.to})`
	);
} catch (e) {
	console.error((e as Error).message);
	process.exit(1);
}
