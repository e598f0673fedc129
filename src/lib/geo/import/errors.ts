/**
 * Stable error/warning codes of the importer with Spanish (and English) messages.
 * Codes never change meaning; messages may be reworded. `{name}` placeholders take `params`.
 */
const CATALOGUE = {
	// whole-file errors
	IMPORT_TOO_LARGE: [
		'El archivo pesa {size} bytes; el máximo es {max}.',
		'File is {size} bytes; max is {max}.'
	],
	IMPORT_EMPTY_FILE: ['El archivo está vacío.', 'The file is empty.'],
	IMPORT_UNKNOWN_FORMAT: [
		'No se reconoce el formato de «{name}». Formatos admitidos: Shapefile (.zip), GeoJSON, KML, KMZ, GPX, CSV, GeoTIFF.',
		'Unrecognised format.'
	],
	IMPORT_CANCELLED: ['Importación cancelada.', 'Import cancelled.'],
	IMPORT_TIMEOUT: [
		'La lectura superó el tiempo máximo ({ms} ms) y se detuvo. ¿Archivo dañado o demasiado grande?',
		'Reading exceeded the time limit and was stopped.'
	],
	IMPORT_WORKER_CRASHED: [
		'El lector se detuvo de forma inesperada (¿memoria insuficiente?). La aplicación sigue disponible.',
		'The reader stopped unexpectedly.'
	],
	IMPORT_INTERNAL: ['Error inesperado al leer el archivo: {detail}', 'Unexpected error: {detail}'],
	IMPORT_TEXT_ENCODING: ['El texto no es UTF-8 válido.', 'Text is not valid UTF-8.'],
	IMPORT_TEXT_LATIN1: [
		'El texto no es UTF-8 válido; se leyó como Windows-1252 (Latin-1). Revise tildes y eñes.',
		'Text read as Windows-1252.'
	],
	IMPORT_TOO_MANY_FEATURES: [
		'Más de {max} entidades: demasiadas para importar.',
		'More than {max} features.'
	],
	IMPORT_TOO_MANY_VERTICES: ['Más de {max} vértices: demasiados para importar.', 'More than {max} vertices.'],
	IMPORT_NO_VALID_FEATURES: [
		'Ninguna de las {count} entidades es válida. Primera causa: {first}',
		'None of the {count} features is valid.'
	],
	IMPORT_NO_FEATURES: ['El archivo no contiene entidades.', 'The file has no features.'],
	// zip
	IMPORT_ZIP_CORRUPT: ['El ZIP está dañado o incompleto: {detail}', 'The zip is corrupt: {detail}'],
	IMPORT_ZIP_BOMB: [
		'El ZIP se descomprime a un tamaño desproporcionado ({detail}); se rechaza por seguridad.',
		'Zip decompresses too much (zip bomb).'
	],
	IMPORT_ZIP_UNSUPPORTED: [
		'El ZIP usa una función no admitida: {detail}',
		'Unsupported zip feature: {detail}'
	],
	IMPORT_ZIP_UNSAFE_NAME: [
		'Se ignoró la ruta insegura «{entry}» dentro del ZIP.',
		'Ignored unsafe path inside the zip.'
	],
	IMPORT_ZIP_NO_SHAPEFILE: [
		'El ZIP no contiene ningún shapefile (.shp con .shx y .dbf).',
		'The zip holds no shapefile.'
	],
	// shapefile
	IMPORT_SHP_CORRUPT: ['{layer}: el .shp está dañado: {detail}', '{layer}: corrupt .shp: {detail}'],
	IMPORT_SHP_TRUNCATED: ['{layer}: el .shp está truncado: {detail}', '{layer}: truncated .shp: {detail}'],
	IMPORT_SHP_TYPE_MISMATCH: [
		'{layer}: el registro {record} es de tipo {recordType} pero la cabecera dice {headerType}.',
		'{layer}: record type differs from header.'
	],
	IMPORT_SHP_NO_SHX: [
		'{layer}: falta el archivo .shx (índice) del shapefile. Añádalo al ZIP (GDAL tampoco lo abre sin él, salvo con SHAPE_RESTORE_SHX=YES).',
		'{layer}: missing .shx.'
	],
	IMPORT_SHX_MISMATCH: [
		'{layer}: el .shx no corresponde al .shp: {detail}',
		'{layer}: .shx does not match .shp: {detail}'
	],
	IMPORT_SHX_REPAIRED: [
		'{layer}: el .shx no coincide con el .shp en {count} registro(s); se leyeron con las longitudes del propio .shp (como GDAL). Revise el resultado.',
		'{layer}: .shx disagreed with .shp on {count} record(s); read with the .shp lengths (as GDAL does).'
	],
	IMPORT_SHP_NO_DBF: ['{layer}: falta el .dbf; las entidades no tendrán atributos.', '{layer}: no .dbf.'],
	IMPORT_SHP_NO_SHP: ['{layer}: hay .dbf pero no .shp; se lee solo la tabla.', '{layer}: .dbf only.'],
	IMPORT_DBF_CORRUPT: ['{layer}: el .dbf está dañado: {detail}', '{layer}: corrupt .dbf: {detail}'],
	IMPORT_DBF_COUNT_MISMATCH: [
		'{layer}: el .dbf tiene {dbf} registros y el .shp {shp}.',
		'{layer}: .dbf and .shp record counts differ.'
	],
	IMPORT_DBF_ENCODING: [
		'{layer}: .dbf sin .cpg y no es UTF-8; se leyó como Windows-1252 (Latin-1). Revise tildes y eñes.',
		'{layer}: .dbf read as Windows-1252.'
	],
	// CRS
	IMPORT_PRJ_INVALID: ['{layer}: el .prj no se pudo interpretar: {detail}', '{layer}: unreadable .prj.'],
	IMPORT_PRJ_PSAD56_SHIFT: [
		'{layer}: PSAD56 sin parámetros de transformación; se aplicó EPSG:1208 (-279, 175, -379) como PROJ en el Perú.',
		'{layer}: PSAD56 without TOWGS84; applied EPSG:1208.'
	],
	IMPORT_PRJ_NO_DATUM_SHIFT: [
		'{layer}: el datum «{datum}» no trae transformación a WGS84; puede haber un desplazamiento de metros a cientos de metros.',
		'{layer}: datum without shift to WGS84.'
	],
	IMPORT_CRS_REQUIRED: [
		'{layer}: el archivo no declara su sistema de coordenadas y los valores no son lon/lat. Confirme el CRS (propuesta: {best}).',
		'{layer}: CRS must be confirmed.'
	],
	IMPORT_CRS_ASSUMED: [
		'{layer}: sin CRS declarado; las coordenadas parecen geográficas y se leyeron como WGS84 (confírmelo; PSAD56 desplazaría ~400 m).',
		'{layer}: no CRS; assumed WGS84 lon/lat.'
	],
	IMPORT_CRS_UNSUPPORTED: ['Sistema de coordenadas no admitido: {crs}', 'Unsupported CRS: {crs}'],
	IMPORT_CRS_UNKNOWN: [
		'{layer}: no se pudo determinar el sistema de coordenadas ({detail}).',
		'{layer}: unknown CRS.'
	],
	// JSON
	IMPORT_JSON_SYNTAX: ['JSON mal formado: {detail}', 'Malformed JSON: {detail}'],
	IMPORT_JSON_TOO_DEEP: ['El JSON está anidado a más de {max} niveles.', 'JSON nested too deeply.'],
	IMPORT_GEOJSON_INVALID: ['No es GeoJSON válido: {detail}', 'Not valid GeoJSON: {detail}'],
	IMPORT_TOPOJSON: [
		'Es TopoJSON, no GeoJSON; conviértalo antes (p. ej. con mapshaper).',
		'TopoJSON not supported.'
	],
	// XML
	IMPORT_XML_SYNTAX: ['XML mal formado: {detail}', 'Malformed XML: {detail}'],
	IMPORT_XML_ENTITY: [
		'El XML declara entidades (DTD); se rechaza por seguridad («billion laughs», XXE).',
		'XML entity declarations are refused.'
	],
	IMPORT_XML_TOO_DEEP: ['El XML está anidado a más de {max} niveles.', 'XML nested too deeply.'],
	IMPORT_KML_NOT_KML: ['El archivo XML no es KML (raíz <{root}>).', 'Not KML.'],
	IMPORT_KML_NETWORK_LINK: [
		'El KML enlaza contenido remoto (NetworkLink) que no se descarga.',
		'KML NetworkLink content not fetched.'
	],
	IMPORT_KML_GROUND_OVERLAY: [
		'El KML tiene superposiciones de imagen (GroundOverlay): se importa solo su contorno.',
		'GroundOverlay imported as outline only.'
	],
	IMPORT_KML_EXTRA_ROOT_FEATURES: [
		'El KML tiene {count} elemento(s) más al nivel raíz; KML 2.2 admite uno solo (como GDAL, se lee solo el primero).',
		'KML root holds more than one Feature; only the first is read (as GDAL does).'
	],
	IMPORT_KMZ_NO_KML: ['El KMZ no contiene ningún archivo .kml.', 'KMZ holds no .kml.'],
	IMPORT_GPX_NOT_GPX: ['El archivo XML no es GPX (raíz <{root}>).', 'Not GPX.'],
	IMPORT_GPX_DECIMAL_COMMA: [
		'{count} coordenadas usaban coma decimal (p. ej. «{example}») y se leyeron como decimales.',
		'Decimal commas read as decimals.'
	],
	// CSV
	IMPORT_CSV_SYNTAX: ['CSV: {detail} (fila {row}).', 'CSV: {detail} (row {row}).'],
	IMPORT_CSV_EMPTY: ['El CSV no tiene filas de datos.', 'The CSV has no data rows.'],
	IMPORT_CSV_NO_COORDINATES: [
		'No se encontraron columnas de coordenadas (lat/lon, este/norte o WKT); se importa solo la tabla.',
		'No coordinate columns found.'
	],
	IMPORT_CSV_FORMULA: [
		'{count} celdas empiezan con =, +, - o @ (posibles fórmulas); se guardan como texto.',
		'Cells starting like formulas kept as text.'
	],
	IMPORT_CSV_DUPLICATE_COLUMN: [
		'La columna «{column}» está repetida; se renombró.',
		'Duplicate column renamed.'
	],
	// GeoTIFF
	IMPORT_TIFF_CORRUPT: ['GeoTIFF dañado: {detail}', 'Corrupt GeoTIFF: {detail}'],
	IMPORT_TIFF_IFD_LOOP: ['GeoTIFF dañado: la cadena de directorios (IFD) forma un ciclo.', 'TIFF IFD loop.'],
	IMPORT_TIFF_TOO_LARGE: [
		'La imagen declara {width}×{height}×{bands} muestras; el máximo es {max}.',
		'Raster too large.'
	],
	IMPORT_TIFF_UNSUPPORTED: ['GeoTIFF no admitido: {detail}', 'Unsupported GeoTIFF: {detail}'],
	IMPORT_TIFF_NO_CRS: [
		'El GeoTIFF no declara un sistema de coordenadas reconocido; no se puede ubicar en el mapa.',
		'GeoTIFF without usable CRS.'
	],
	IMPORT_TIFF_NO_GEOREF: [
		'El TIFF está sin georreferencia: se lee la imagen, pero no se puede ubicar en el mapa; {how}.',
		'TIFF not georeferenced: read in pixel coordinates, cannot be placed on the map.'
	],
	IMPORT_TIFF_COMPLEX: [
		'La banda es de números complejos: se usa su parte real (como las estadísticas de GDAL).',
		'Complex band: its real part is used (as GDAL statistics do).'
	],
	// per-feature reasons
	IMPORT_GEOM_NULL: ['Entidad {index}: sin geometría.', 'Feature {index}: no geometry.'],
	IMPORT_GEOM_NON_FINITE: [
		'Entidad {index}: coordenada no finita (NaN, Infinity o ±1e308).',
		'Feature {index}: non-finite coordinate.'
	],
	IMPORT_GEOM_OUT_OF_RANGE: [
		'Entidad {index}: coordenada fuera de rango ({detail}).',
		'Feature {index}: coordinate out of range.'
	],
	IMPORT_GEOM_TOO_FEW_POINTS: ['Entidad {index}: {detail}.', 'Feature {index}: too few points.'],
	IMPORT_GEOM_RING_NOT_CLOSED: ['Entidad {index}: un anillo no está cerrado.', 'Feature {index}: open ring.'],
	IMPORT_GEOM_BAD: [
		'Entidad {index}: geometría mal formada ({detail}).',
		'Feature {index}: malformed geometry.'
	],
	IMPORT_GEOM_UNSUPPORTED: [
		'Entidad {index}: tipo de geometría no admitido ({detail}).',
		'Feature {index}: unsupported geometry.'
	],
	IMPORT_INVALID_FEATURES: [
		'{count} entidades no son válidas y no se importarán (ver lista).',
		'{count} invalid features skipped.'
	]
} as const;

export type ImportCode = keyof typeof CATALOGUE;

export type Params = Record<string, string | number>;

function fill(template: string, params: Params | undefined): string {
	return template.replace(/\{(\w+)\}/g, (_, k: string) =>
		params && k in params ? String(params[k]) : `{${k}}`
	);
}

export function messageFor(code: ImportCode, params?: Params): { message: string; messageEn: string } {
	const [es, en] = CATALOGUE[code];
	return { message: fill(es, params), messageEn: fill(en, params) };
}

export function issue(code: ImportCode, params?: Params): import('./types').Issue {
	const m = messageFor(code, params);
	return params ? { code, ...m, params } : { code, ...m };
}

/** The only error type the importer throws. */
export class ImportError extends Error {
	readonly code: ImportCode;
	readonly messageEn: string;
	readonly params: Params | undefined;
	constructor(code: ImportCode, params?: Params) {
		const m = messageFor(code, params);
		super(m.message);
		this.name = 'ImportError';
		this.code = code;
		this.messageEn = m.messageEn;
		this.params = params;
	}
	toIssue(): import('./types').Issue {
		return issue(this.code, this.params);
	}
}

export function isImportCode(code: unknown): code is ImportCode {
	return typeof code === 'string' && Object.prototype.hasOwnProperty.call(CATALOGUE, code);
}

/** Any thrown value → ImportError (RangeError from deep recursion and the like become IMPORT_INTERNAL). */
export function toImportError(e: unknown): ImportError {
	if (e instanceof ImportError) return e;
	if (e && typeof e === 'object' && 'name' in e && (e as { name: unknown }).name === 'AbortError') {
		return new ImportError('IMPORT_CANCELLED');
	}
	const detail = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
	return new ImportError('IMPORT_INTERNAL', { detail: detail.slice(0, 200) });
}
