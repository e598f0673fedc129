export { openDatabase, dbConfig, applyPragmas, type DbConfig } from './connection';
export {
	migrate,
	loadMigrations,
	codeSchemaVersion,
	DbVersionError,
	MigrationChecksumError
} from './migrate';
