/**
 * npm run load-geodata -- <folder> [--kind-map <manifest.json>] [--data-dir <dir>] [--json]
 *
 * Loads real layers (GeoJSON, shapefiles, zipped shapefiles) from <folder> into
 * <data-dir or $YAKU_DATA_DIR or ./data>/layers with their provenance; a loaded layer supersedes the
 * illustrative demo layer of the same kind. Exit 0 when the run completed (even if some files were
 * skipped or invalid: see the table), 2 on usage errors, 1 on unexpected failures.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LoaderUsageError, formatLoadReport, loadGeodataFolder } from '../src/lib/server/geodata/loader';

const USAGE = `Uso / usage: npm run load-geodata -- <carpeta> [--kind-map <manifiesto.json>] [--data-dir <dir>] [--json]

  <carpeta>     carpeta con archivos GeoJSON o shapefiles (.shp+.dbf+.prj, o .zip)
  --kind-map    manifiesto yaku-layers.json que dice qué capa es cada archivo y su procedencia
  --data-dir    directorio de datos de la app (por defecto $YAKU_DATA_DIR o ./data)
  --json        imprime el informe en JSON`;

function parseArgs(argv: string[]): { folder: string; kindMap?: string; dataDir?: string; json: boolean } {
	let folder: string | undefined;
	let kindMap: string | undefined;
	let dataDir: string | undefined;
	let json = false;
	for (let i = 0; i < argv.length; i++) {
		const a = argv[i] as string;
		if (a === '--help' || a === '-h') {
			console.log(USAGE);
			process.exit(0);
		} else if (a === '--kind-map' || a === '--data-dir') {
			const v = argv[++i];
			if (!v) throw new LoaderUsageError(`Falta el valor de ${a}.`);
			if (a === '--kind-map') kindMap = v;
			else dataDir = v;
		} else if (a === '--json') {
			json = true;
		} else if (a.startsWith('-')) {
			throw new LoaderUsageError(`Opción desconocida: ${a}`);
		} else if (folder === undefined) {
			folder = a;
		} else {
			throw new LoaderUsageError(`Sobra el argumento: ${a}`);
		}
	}
	if (!folder) throw new LoaderUsageError('Falta la carpeta de origen.');
	return { folder, kindMap, dataDir, json };
}

async function main(): Promise<number> {
	let args;
	try {
		args = parseArgs(process.argv.slice(2));
	} catch (e) {
		console.error(`${(e as Error).message}\n\n${USAGE}`);
		return 2;
	}
	const seedManifestsDir = join(dirname(fileURLToPath(import.meta.url)), 'seed-manifests');
	try {
		const report = await loadGeodataFolder({
			folder: args.folder,
			kindMapFile: args.kindMap,
			dataDir: args.dataDir,
			seedManifestsDir
		});
		console.log(args.json ? JSON.stringify(report, null, 2) : formatLoadReport(report));
		return 0;
	} catch (e) {
		if (e instanceof LoaderUsageError) {
			console.error(`[${e.code}] ${e.message}`);
			return 2;
		}
		console.error(e);
		return 1;
	}
}

process.exitCode = await main();
