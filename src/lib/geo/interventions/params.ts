/**
 * Design parameters of each intervention type, with DEFAULTS that are editable starting points —
 * NOT official figures. Each default states its unit and where the number comes from, so the UI can show
 * it and a project can replace it with the figures of its own expediente técnico. Design figures (trench
 * cross-section, spacing by slope, plant density, unit costs) differ between manuals and projects.
 *
 * Precedence: defaults ← project overrides ← intervention overrides (`mergeParams`).
 */
import type { InterventionType } from './types';

export interface ParamDef {
	key: string;
	/** Spanish label for forms. */
	label: string;
	/** Unit as shown to users ('m', 'm³', 'plantas/ha', 'S/ por m', …). */
	unit: string;
	default: number;
	/** Inclusive accepted range; values outside are rejected as absurd (nothing saved). */
	min: number;
	max: number;
	/** Where the default comes from and why (Spanish). */
	source: string;
	/** Only integers accepted (counts). */
	integer?: boolean;
}

/** Parameter values of one intervention, by key. */
export type ParamValues = Record<string, number>;
/** Partial overrides (a project's or an intervention's). */
export type ParamOverrides = Partial<Record<string, number>>;
/** A project's overrides for each type. */
export type ProjectParamOverrides = Partial<Record<InterventionType, ParamOverrides>>;

const EDITABLE = 'Valor de partida editable, no es una cifra oficial';
const JORNAL = 'supone un jornal de ≈ S/ 50 en Chinchero (referencia local, a confirmar por el proyecto)';

export const PARAM_DEFS: Readonly<Record<InterventionType, readonly ParamDef[]>> = {
	zanja_infiltracion: [
		{
			key: 'topWidthM',
			label: 'Ancho superior de la zanja',
			unit: 'm',
			default: 0.4,
			min: 0.1,
			max: 3,
			source: `${EDITABLE}: sección de 0,40 × 0,40 m, habitual en guías andinas de conservación de suelos (p. ej. manuales de campo de PRONAMACHCS/AGRORURAL); si es igual al ancho inferior la sección es rectangular.`
		},
		{
			key: 'bottomWidthM',
			label: 'Ancho inferior (base) de la zanja',
			unit: 'm',
			default: 0.4,
			min: 0.05,
			max: 3,
			source: `${EDITABLE}: igual al ancho superior = sección rectangular; para sección trapezoidal use un valor menor (p. ej. 0,30 m).`
		},
		{
			key: 'depthM',
			label: 'Profundidad de la zanja',
			unit: 'm',
			default: 0.4,
			min: 0.1,
			max: 2,
			source: `${EDITABLE}: 0,40 m, misma referencia que la sección.`
		},
		{
			key: 'spacingM',
			label: 'Espaciamiento entre zanjas',
			unit: 'm',
			default: 10,
			min: 1,
			max: 100,
			source: `${EDITABLE}: en las guías depende de la pendiente (más pendiente, menor distancia; del orden de 5–20 m); 10 m es un valor medio. Define el área tratada por metro de zanja y la longitud implícita en un polígono.`
		},
		{
			key: 'costPerM',
			label: 'Costo unitario por metro de zanja',
			unit: 'S/ por m',
			default: 6,
			min: 0,
			max: 1000,
			source: `${EDITABLE}: ≈ 8 m de zanja de 0,40 × 0,40 m por jornal; ${JORNAL}.`
		}
	],
	forestacion: [
		{
			key: 'densityPlantsPerHa',
			label: 'Densidad de plantación',
			unit: 'plantas/ha',
			default: 1111,
			min: 1,
			max: 40000,
			integer: true,
			source: `${EDITABLE}: marco de plantación de 3 × 3 m (10 000 / 9 ≈ 1111 plantas/ha), frecuente para especies nativas (queuña, quishuar) y exóticas en la sierra.`
		},
		{
			key: 'costPerPlant',
			label: 'Costo por planta (plantón + plantación)',
			unit: 'S/ por planta',
			default: 3,
			min: 0,
			max: 1000,
			source: `${EDITABLE}: plantón de vivero y hoyado/plantación; ${JORNAL}.`
		},
		{
			key: 'costPerHa',
			label: 'Costo por hectárea (preparación, protección)',
			unit: 'S/ por ha',
			default: 0,
			min: 0,
			max: 1e6,
			source: `${EDITABLE}: 0 = no se añade costo por área; úselo para preparación del terreno o cercos.`
		}
	],
	pastos_naturales: [
		{
			key: 'postSpacingM',
			label: 'Distancia entre postes del cerco',
			unit: 'm',
			default: 3,
			min: 0.5,
			max: 50,
			source: `${EDITABLE}: postes cada 3 m en cercos de alambre para clausura de pastos.`
		},
		{
			key: 'costPerMFence',
			label: 'Costo por metro de cerco (alambre, grapas, mano de obra)',
			unit: 'S/ por m',
			default: 8,
			min: 0,
			max: 1000,
			source: `${EDITABLE}: alambre de púas de varios hilos y mano de obra; ${JORNAL}.`
		},
		{
			key: 'costPerPost',
			label: 'Costo por poste',
			unit: 'S/ por poste',
			default: 12,
			min: 0,
			max: 1000,
			source: `${EDITABLE}: poste de eucalipto tratado puesto en obra (referencia de mercado local a confirmar).`
		},
		{
			key: 'costPerHa',
			label: 'Costo por hectárea (resiembra, manejo)',
			unit: 'S/ por ha',
			default: 0,
			min: 0,
			max: 1e6,
			source: `${EDITABLE}: 0 = no se añade costo por área; úselo para resiembra o manejo de pastos.`
		}
	],
	proteccion_manante: [
		{
			key: 'protectionRadiusM',
			label: 'Radio de protección del manante',
			unit: 'm',
			default: 25,
			min: 1,
			max: 1000,
			source: `${EDITABLE}: radio alrededor del ojo de agua que se cerca y revegeta; no es un radio legal. Cada proyecto lo fija.`
		},
		{
			key: 'postSpacingM',
			label: 'Distancia entre postes del cerco',
			unit: 'm',
			default: 3,
			min: 0.5,
			max: 50,
			source: `${EDITABLE}: igual que en la clausura de pastos.`
		},
		{
			key: 'costPerMFence',
			label: 'Costo por metro de cerco',
			unit: 'S/ por m',
			default: 8,
			min: 0,
			max: 1000,
			source: `${EDITABLE}: igual que en la clausura de pastos.`
		},
		{
			key: 'costPerPost',
			label: 'Costo por poste',
			unit: 'S/ por poste',
			default: 12,
			min: 0,
			max: 1000,
			source: `${EDITABLE}: igual que en la clausura de pastos.`
		}
	],
	microreservorio: [
		{
			key: 'pointCapacityM3',
			label: 'Capacidad de diseño de un microreservorio dibujado como punto',
			unit: 'm³',
			default: 1000,
			min: 1,
			max: 1e6,
			source: `${EDITABLE}: un punto no tiene área; se usa la capacidad de diseño de la qocha (ingrese la del expediente).`
		},
		{
			key: 'depthM',
			label: 'Profundidad máxima del vaso',
			unit: 'm',
			default: 2,
			min: 0.1,
			max: 30,
			source: `${EDITABLE}: qochas y microreservorios de tierra de 1–3 m de profundidad.`
		},
		{
			key: 'shapeFactor',
			label: 'Factor de forma del vaso (volumen / (área × profundidad))',
			unit: '—',
			default: 0.5,
			min: 0.1,
			max: 1,
			source: `${EDITABLE}: 1 = paredes verticales; 0,5 aproxima un vaso en cubeta con taludes; 0,33 un cono.`
		},
		{
			key: 'costPerM3',
			label: 'Costo por m³ de capacidad',
			unit: 'S/ por m³',
			default: 10,
			min: 0,
			max: 10000,
			source: `${EDITABLE}: excavación y dique de tierra compactada; ${JORNAL}.`
		}
	],
	anden: [
		{
			key: 'terraceWidthM',
			label: 'Ancho de la plataforma del andén',
			unit: 'm',
			default: 4,
			min: 0.5,
			max: 100,
			source: `${EDITABLE}: ancho medio de plataforma; relaciona área y longitud de muro (área = longitud × ancho).`
		},
		{
			key: 'costPerMWall',
			label: 'Costo por metro de muro rehabilitado',
			unit: 'S/ por m',
			default: 40,
			min: 0,
			max: 10000,
			source: `${EDITABLE}: muro de piedra rehabilitado; ${JORNAL}.`
		}
	]
};

export function paramDef(type: InterventionType, key: string): ParamDef | undefined {
	return PARAM_DEFS[type].find((d) => d.key === key);
}

/** The documented defaults of a type. */
export function defaultParams(type: InterventionType): ParamValues {
	const out: ParamValues = {};
	for (const d of PARAM_DEFS[type]) out[d.key] = d.default;
	return out;
}

/**
 * Defaults with overrides merged on top, left to right (e.g. project, then intervention).
 * Only known keys with finite numeric values are taken; anything else is ignored here and reported by
 * `validateParams`.
 */
export function mergeParams(
	type: InterventionType,
	...overrides: (ParamOverrides | undefined)[]
): ParamValues {
	const out = defaultParams(type);
	for (const o of overrides) {
		if (!o) continue;
		for (const d of PARAM_DEFS[type]) {
			const v = o[d.key];
			if (typeof v === 'number' && Number.isFinite(v)) out[d.key] = v;
		}
	}
	return out;
}

export type ParamIssueCode =
	'PARAM_UNKNOWN' | 'PARAM_NOT_A_NUMBER' | 'PARAM_OUT_OF_RANGE' | 'PARAM_NOT_INTEGER';

export interface ParamIssue {
	code: ParamIssueCode;
	key: string;
	/** Spanish message. */
	message: string;
}

/** Check overrides (or full values) for unknown keys, non-numbers and absurd values. Empty = valid. */
export function validateParams(type: InterventionType, params: Record<string, unknown>): ParamIssue[] {
	const issues: ParamIssue[] = [];
	for (const [key, v] of Object.entries(params)) {
		const d = paramDef(type, key);
		if (!d) {
			issues.push({ code: 'PARAM_UNKNOWN', key, message: `Parámetro desconocido para este tipo: ${key}.` });
			continue;
		}
		if (v === undefined) continue;
		if (typeof v !== 'number' || !Number.isFinite(v)) {
			issues.push({ code: 'PARAM_NOT_A_NUMBER', key, message: `${d.label}: debe ser un número.` });
		} else if (v < d.min || v > d.max) {
			issues.push({
				code: 'PARAM_OUT_OF_RANGE',
				key,
				message: `${d.label}: ${v} ${d.unit} está fuera del rango aceptado (${d.min}–${d.max} ${d.unit}).`
			});
		} else if (d.integer && !Number.isInteger(v)) {
			issues.push({ code: 'PARAM_NOT_INTEGER', key, message: `${d.label}: debe ser un número entero.` });
		}
	}
	return issues;
}
