/** Public surface of the import library (see docs/import-export.md). */
export { DRIVERS, driverById, importFile, sniffFormat, type SniffResult } from './registry';
export { readShapefileParts } from './drivers/shapefile';
export { ImportError, isImportCode, messageFor, type ImportCode } from './errors';
export { DEFAULT_LIMITS } from './types';
export type * from './types';
