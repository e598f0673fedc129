/** KML 2.2 export: one Placemark per feature, attributes in ExtendedData, Multi* as MultiGeometry. */
import type { FeatureCollection, Geometry, Position } from 'geojson';
import { safeName, type ExportFile, type ExportOptions } from './types';

export function xmlEscape(s: string): string {
	return (
		s
			// eslint-disable-next-line no-control-regex -- XML 1.0 forbids these characters
			.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '')
			.replace(/&/g, '&amp;')
			.replace(/</g, '&lt;')
			.replace(/>/g, '&gt;')
			.replace(/"/g, '&quot;')
	);
}

const c = (p: Position): string => `${p[0]},${p[1]}${p.length > 2 ? `,${p[2]}` : ''}`;
const coords = (ps: Position[]): string => `<coordinates>${ps.map(c).join(' ')}</coordinates>`;
const poly = (rings: Position[][]): string =>
	`<Polygon>${rings
		.map((r, i) =>
			i === 0
				? `<outerBoundaryIs><LinearRing>${coords(r)}</LinearRing></outerBoundaryIs>`
				: `<innerBoundaryIs><LinearRing>${coords(r)}</LinearRing></innerBoundaryIs>`
		)
		.join('')}</Polygon>`;

function geom(g: Geometry): string {
	switch (g.type) {
		case 'Point':
			return `<Point>${coords([g.coordinates])}</Point>`;
		case 'LineString':
			return `<LineString>${coords(g.coordinates)}</LineString>`;
		case 'Polygon':
			return poly(g.coordinates);
		case 'MultiPoint':
			return `<MultiGeometry>${g.coordinates.map((p) => `<Point>${coords([p])}</Point>`).join('')}</MultiGeometry>`;
		case 'MultiLineString':
			return `<MultiGeometry>${g.coordinates.map((l) => `<LineString>${coords(l)}</LineString>`).join('')}</MultiGeometry>`;
		case 'MultiPolygon':
			return `<MultiGeometry>${g.coordinates.map(poly).join('')}</MultiGeometry>`;
		case 'GeometryCollection':
			return `<MultiGeometry>${g.geometries.map(geom).join('')}</MultiGeometry>`;
	}
}

export function exportKML(fc: FeatureCollection, opts: ExportOptions): ExportFile {
	const parts: string[] = [
		'<?xml version="1.0" encoding="UTF-8"?>',
		'<kml xmlns="http://www.opengis.net/kml/2.2"><Document>',
		`<name>${xmlEscape(opts.name)}</name><Folder><name>${xmlEscape(opts.name)}</name>`
	];
	for (const f of fc.features) {
		const p = (f.properties ?? {}) as Record<string, unknown>;
		const title = p.name ?? p.nombre;
		const data = Object.entries(p)
			.filter(([, v]) => v !== null && v !== undefined)
			.map(
				([k, v]) =>
					`<Data name="${xmlEscape(k)}"><value>${xmlEscape(typeof v === 'object' ? JSON.stringify(v) : String(v))}</value></Data>`
			)
			.join('');
		parts.push(
			`<Placemark>${title !== undefined && title !== null ? `<name>${xmlEscape(String(title))}</name>` : ''}${data ? `<ExtendedData>${data}</ExtendedData>` : ''}${f.geometry ? geom(f.geometry) : ''}</Placemark>`
		);
	}
	parts.push('</Folder></Document></kml>');
	return {
		filename: `${safeName(opts.name)}.kml`,
		mime: 'application/vnd.google-earth.kml+xml',
		bytes: new TextEncoder().encode(parts.join('\n')),
		notes: []
	};
}
