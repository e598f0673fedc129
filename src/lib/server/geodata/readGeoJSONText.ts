/** Parse GeoJSON text safely: BOM stripped, parse errors returned (never thrown) with a stable code. */
export type ParsedJSON =
	{ ok: true; value: unknown } | { ok: false; code: 'GEODATA_PARSE_ERROR'; message: string };

export function parseGeoJSONText(text: string): ParsedJSON {
	const clean = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
	try {
		return { ok: true, value: JSON.parse(clean) as unknown };
	} catch (e) {
		const detail = e instanceof Error ? e.message : String(e);
		return { ok: false, code: 'GEODATA_PARSE_ERROR', message: `El archivo no es JSON válido (${detail}).` };
	}
}
