// Authoring script of yaku's ILLUSTRATIVE demo layers (see ../PROVENANCE.md).
//
// Every vertex below was typed by hand by the yaku team, by eye, to sketch where things roughly are
// around Laguna Piuray. Nothing is copied or derived from any official or third-party dataset.
// The remaining shapes (communities, ZEE zones) are cut from those hand-drawn outlines with
// @turf/turf (intersect / difference / buffer), so that zones tile the microcuenca exactly.
//
// Run:  node geodata/authoring/draw-demo.mjs            (rewrites geodata/*.geojson)
// Optional check while authoring (never copies anything):
//       YAKU_CHECK_DISTRICT=../shared/data/chinchero-district.geojson node geodata/authoring/draw-demo.mjs
import * as turf from '@turf/turf';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const OUT = join(dirname(fileURLToPath(import.meta.url)), '..');
const TARGET_MICROCUENCA_KM2 = 17.6; // "(ext)" figure of the domain brief

/** Hand-drawn microcuenca outline (lon, lat), counter-clockwise; sized to the ~17.6 km² of the brief. */
const MICROCUENCA = [
	[-72.0259, -13.4043],
	[-72.0353, -13.4069],
	[-72.043, -13.4103],
	[-72.049, -13.4154],
	[-72.0541, -13.4214],
	[-72.0584, -13.4274],
	[-72.0609, -13.4342],
	[-72.0575, -13.4402],
	[-72.0507, -13.4427],
	[-72.0439, -13.4402],
	[-72.037, -13.4376],
	[-72.0285, -13.4359],
	[-72.02, -13.4342],
	[-72.0114, -13.4325],
	[-72.0046, -13.4291],
	[-72.0012, -13.4231],
	[-72.0029, -13.4163],
	[-72.008, -13.4111],
	[-72.0148, -13.4069],
	[-72.0208, -13.4043]
];

/** Hand-drawn lake shore, counter-clockwise, ~1.9 km west–east. */
const LAGUNA = [
	[-72.0355, -13.4212], // west tip
	[-72.0345, -13.4235],
	[-72.0318, -13.4249],
	[-72.0285, -13.4253],
	[-72.0252, -13.4247], // south shore
	[-72.0221, -13.4236],
	[-72.0193, -13.4222],
	[-72.0178, -13.4203], // east tip
	[-72.0183, -13.4183],
	[-72.0209, -13.4171],
	[-72.0242, -13.4168], // north shore
	[-72.0276, -13.4171],
	[-72.0309, -13.4179],
	[-72.0338, -13.4191]
];
const [W_TIP, , , , S_SHORE, , , E_TIP, , , N_SHORE, N_SHORE_W] = LAGUNA;

const J1 = [-72.0515, -13.4365];
const J3 = [-72.0505, -13.4235];
const J4 = [-72.0435, -13.4275];
const J5 = [-72.0065, -13.4205];

/** Hand-drawn quebradas flowing into the lake; `orden` is Strahler-like. */
const QUEBRADAS = [
	['Quebrada ilustrativa Ccorimarca alta', 1, [[-72.0555, -13.4395], [-72.0535, -13.438], J1]],
	['Quebrada ilustrativa Ccorimarca oeste', 1, [[-72.0575, -13.4305], [-72.0545, -13.4335], J1]],
	['Quebrada ilustrativa Ccorimarca', 2, [J1, [-72.048, -13.4325], J4]],
	['Quebrada ilustrativa Piuray alta', 1, [[-72.0475, -13.4168], [-72.049, -13.42], J3]],
	['Quebrada ilustrativa Piuray oeste', 1, [[-72.0548, -13.4262], [-72.0528, -13.4245], J3]],
	['Quebrada ilustrativa Piuray', 2, [J3, [-72.047, -13.4262], J4]],
	['Quebrada ilustrativa principal', 3, [J4, [-72.0395, -13.4245], W_TIP]],
	['Quebrada ilustrativa Cuper', 1, [[-72.0305, -13.4075], [-72.0295, -13.4115], N_SHORE_W]],
	['Quebrada ilustrativa Cuper este', 1, [[-72.0205, -13.4065], [-72.0225, -13.4115], N_SHORE]],
	['Quebrada ilustrativa Taucca', 1, [[-72.004, -13.417], [-72.005, -13.419], J5]],
	['Quebrada ilustrativa Umasbamba', 1, [[-72.0055, -13.4275], [-72.0058, -13.424], J5]],
	['Quebrada ilustrativa Umasbamba baja', 2, [J5, [-72.012, -13.4208], E_TIP]],
	['Quebrada ilustrativa Pongobamba', 1, [[-72.0265, -13.434], [-72.0258, -13.43], S_SHORE]]
];

/** Hand-placed illustrative springs. */
const MANANTES = [
	[-72.0558, -13.4395],
	[-72.0578, -13.43],
	[-72.0472, -13.4162],
	[-72.055, -13.4268],
	[-72.0302, -13.4072],
	[-72.02, -13.4062],
	[-72.0042, -13.416],
	[-72.0055, -13.428],
	[-72.0268, -13.4345],
	[-72.0452, -13.4385],
	[-72.0125, -13.4292],
	[-72.0395, -13.4112]
];

/** Communities: angular sectors (degrees, counter-clockwise from east) around the lake centre. */
const LAKE_CENTRE = [-72.027, -13.421];
const COMUNIDADES = [
	['Taucca', -5, 35],
	['Cuper Alto', 35, 75],
	['Cuper Bajo', 75, 115],
	['Yanacona', 115, 155],
	['Piuray', 155, 200],
	['Ccorimarca', 200, 235],
	['Pongobamba', 235, 290],
	['Umasbamba', 290, 355]
];

/** ZEE: hand-drawn cut-outs (counter-clockwise) inside the microcuenca. */
const ZEE_URBANO = [
	[-72.0445, -13.4105],
	[-72.0405, -13.4162],
	[-72.0345, -13.416],
	[-72.0315, -13.4075],
	[-72.0395, -13.4078],
	[-72.0445, -13.4105]
];
const ZEE_ARQUEO = [
	[-72.0125, -13.4315],
	[-72.0045, -13.4305],
	[-72.0035, -13.4255],
	[-72.0105, -13.4245],
	[-72.0125, -13.4315]
];
const ZEE_RECUPERACION = [
	[-72.0585, -13.4345],
	[-72.0525, -13.4412],
	[-72.0445, -13.4355],
	[-72.0485, -13.4295],
	[-72.0555, -13.4285],
	[-72.0585, -13.4345]
];

// ---------------------------------------------------------------------------------------------

const closed = (ring) => [...ring, ring[0]];
const round6 = (g) => turf.truncate(g, { precision: 6, coordinates: 2, mutate: false });
const fc = (features) => ({ type: 'FeatureCollection', features });

function polygonOnly(geom, label) {
	const g = turf.cleanCoords(round6(geom));
	if (g.type !== 'Polygon' && g.type !== 'MultiPolygon') throw new Error(`${label}: ${g.type}`);
	const r = turf.rewind(g, { reverse: false });
	if (turf.kinks(turf.feature(r)).features.length > 0) throw new Error(`${label}: self-intersection`);
	return r;
}

function feature(id, geometry, properties) {
	return {
		type: 'Feature',
		id,
		properties: { id, ...properties, illustrative: true, fuente: 'ilustrativo — sin fuente oficial' },
		geometry
	};
}

const AUTHORED = '2026-11-25';

/** Writes `<kind>.geojson` and its machine-readable `<kind>.provenance.json` (read by the catalogue). */
function write(name, collection, how) {
	writeFileSync(join(OUT, name), JSON.stringify(collection) + '\n');
	const provenance = {
		source: 'dibujado por el equipo yaku, ilustrativo — sin fuente oficial',
		producer: 'equipo yaku',
		licence: 'CC0 1.0',
		crs: 'EPSG:4326 (WGS84, lon/lat, RFC 7946)',
		date: AUTHORED,
		transformation: `ninguna: ${how}`,
		featureCount: collection.features.length,
		attribution: 'Capa ilustrativa del equipo yaku (CC0) — sin fuente oficial',
		illustrative: true
	};
	const provName = name.replace(/\.geojson$/, '.provenance.json');
	writeFileSync(join(OUT, provName), JSON.stringify(provenance, null, '\t') + '\n');
	console.log(`${name}: ${collection.features.length} entidades`);
}

const microGeom = polygonOnly(turf.polygon([closed(MICROCUENCA)]).geometry, 'microcuenca');
const micro = turf.feature(microGeom);
const km2 = turf.area(micro) / 1e6; // spherical: close enough for a sketch
if (Math.abs(km2 / TARGET_MICROCUENCA_KM2 - 1) > 0.03) throw new Error(`microcuenca ${km2} km²`);

const lagunaGeom = polygonOnly(turf.polygon([closed(LAGUNA)]).geometry, 'laguna');
const laguna = turf.feature(lagunaGeom);
if (!turf.booleanWithin(laguna, micro)) throw new Error('laguna fuera de la microcuenca');

if (process.env.YAKU_CHECK_DISTRICT) {
	const d = JSON.parse(readFileSync(process.env.YAKU_CHECK_DISTRICT, 'utf8')).features[0];
	console.log('microcuenca dentro del distrito:', turf.booleanWithin(micro, d));
}

write(
	'microcuenca.geojson',
	fc([
		feature('microcuenca-piuray-ccorimarca', microGeom, {
			nombre: 'Microcuenca Piuray-Ccorimarca (contorno ilustrativo)',
			area_ref_km2: TARGET_MICROCUENCA_KM2,
			nota: 'Superficie de referencia ~17,6 km² (fuente externa); contorno dibujado a mano.'
		})
	]),
	'vértices dibujados a mano en geodata/authoring/draw-demo.mjs'
);

write(
	'laguna.geojson',
	fc([feature('laguna-piuray', lagunaGeom, { nombre: 'Laguna Piuray (contorno ilustrativo)' })]),
	'vértices dibujados a mano en geodata/authoring/draw-demo.mjs'
);

const quebradas = QUEBRADAS.map(([nombre, orden, coords], i) => {
	const line = turf.lineString(coords);
	if (!turf.booleanWithin(line, micro)) throw new Error(`${nombre} fuera de la microcuenca`);
	return feature(`quebrada-${i + 1}`, round6(line.geometry), { nombre, orden });
});
write('quebradas.geojson', fc(quebradas), 'vértices dibujados a mano en geodata/authoring/draw-demo.mjs');

const manantes = MANANTES.map((c, i) => {
	const p = turf.point(c);
	if (!turf.booleanWithin(p, micro) || turf.booleanPointInPolygon(p, laguna)) {
		throw new Error(`manante ${i + 1} mal ubicado`);
	}
	return feature(`manante-${i + 1}`, round6(p.geometry), {
		nombre: `Manante ilustrativo ${i + 1}`,
		caudal_lps: null
	});
});
write('manantes.geojson', fc(manantes), 'puntos ubicados a mano en geodata/authoring/draw-demo.mjs');

function sector(a0, a1) {
	const ring = [LAKE_CENTRE];
	for (let a = a0; a <= a1 + 1e-9; a += 2.5) {
		const r = (a * Math.PI) / 180;
		ring.push([LAKE_CENTRE[0] + 0.2 * Math.cos(r), LAKE_CENTRE[1] + 0.2 * Math.sin(r)]);
	}
	ring.push(LAKE_CENTRE);
	return turf.polygon([ring]);
}

const landGeom = turf.difference(fc([micro, laguna])).geometry;
const land = turf.feature(landGeom);
const comunidades = COMUNIDADES.map(([nombre, a0, a1]) => {
	const part = turf.intersect(fc([land, sector(a0, a1)]));
	if (!part) throw new Error(`${nombre}: vacío`);
	const slug = nombre.toLowerCase().replace(/\s+/g, '-');
	return feature(`comunidad-${slug}`, polygonOnly(part.geometry, nombre), {
		nombre: `${nombre} (límite ilustrativo)`,
		comunidad: nombre,
		tipo: 'comunidad campesina'
	});
});
write(
	'comunidades.geojson',
	fc(comunidades),
	'sectores angulares alrededor de la laguna recortados con @turf/turf a la microcuenca dibujada'
);

// ZEE tiling: lake + 150 m riparian strip, headwater rim (outer 12 % of the outline), then cut-outs, rest productive.
const strip = turf.intersect(fc([micro, turf.buffer(laguna, 0.15, { units: 'kilometers', steps: 4 })]));
const inner = turf.transformScale(micro, 0.88, { origin: 'centroid' });
const rim = turf.difference(fc([micro, inner]));
let rest = turf.difference(fc([micro, turf.union(fc([strip, rim]))]));
const zones = [
	['zee-1', 'proteccion_conservacion', 'Laguna y faja marginal', strip],
	['zee-2', 'proteccion_conservacion', 'Cabecera de cuenca y laderas altas', rim]
];
for (const [id, categoria, subcategoria, ring] of [
	['zee-3', 'urbano_industrial', 'Expansión urbana', ZEE_URBANO],
	['zee-4', 'tratamiento_especial', 'Patrimonio arqueológico', ZEE_ARQUEO],
	['zee-5', 'recuperacion', 'Laderas erosionadas', ZEE_RECUPERACION]
]) {
	const cut = turf.intersect(fc([rest, turf.polygon([ring])]));
	zones.push([id, categoria, subcategoria, cut]);
	rest = turf.difference(fc([rest, turf.polygon([ring])]));
}
zones.push(['zee-6', 'productiva', 'Agropecuaria (andenes y cultivos)', rest]);
write(
	'zee.geojson',
	fc(
		zones.map(([id, categoria, subcategoria, f]) =>
			feature(id, polygonOnly(f.geometry, id), {
				nombre: `${subcategoria} (zona ilustrativa)`,
				categoria,
				subcategoria
			})
		)
	),
	'faja de 150 m alrededor de la laguna, borde de cabecera y recortes dibujados a mano, cortados con @turf/turf'
);
