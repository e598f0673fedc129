/**
 * ZEE category × intervention type compatibility: the shape of the `zee_compat` setting and its defaults.
 * The defaults are editable starting points chosen by the yaku team (docs/decisions/070-zee-compat.md),
 * NOT an official table: each Comité / municipality replaces them (PUT /api/settings/zee-compat).
 * Migration 0002 seeds the same JSON (a unit test keeps both equal).
 */
import { z } from 'zod';
import { ZEE_CATEGORIAS, type ZeeCategoria } from '../../geo/layerKinds';
import { INTERVENTION_TYPES, type InterventionType } from '../../geo/interventions/types';

export const ZEE_COMPAT_KEY = 'zee_compat';
export const COMPAT_LEVELS = ['compatible', 'restringido', 'incompatible'] as const;
export type CompatLevel = (typeof COMPAT_LEVELS)[number];
export type ZeeCompatMatrix = Record<ZeeCategoria, Record<InterventionType, CompatLevel>>;

export interface ZeeCompatValue {
	matrix: ZeeCompatMatrix;
	note?: string;
}

export const ZEE_COMPAT_NOTE =
	'Tabla editable de referencia del equipo yaku, no oficial: cada Comité la ajusta a su ZEE aprobada.';

export const ZEE_COMPAT_DEFAULT: ZeeCompatValue = {
	matrix: {
		productiva: {
			zanja_infiltracion: 'compatible',
			forestacion: 'compatible',
			pastos_naturales: 'compatible',
			proteccion_manante: 'compatible',
			microreservorio: 'compatible',
			anden: 'compatible'
		},
		proteccion_conservacion: {
			zanja_infiltracion: 'restringido',
			forestacion: 'compatible',
			pastos_naturales: 'compatible',
			proteccion_manante: 'compatible',
			microreservorio: 'restringido',
			anden: 'restringido'
		},
		tratamiento_especial: {
			zanja_infiltracion: 'incompatible',
			forestacion: 'restringido',
			pastos_naturales: 'compatible',
			proteccion_manante: 'restringido',
			microreservorio: 'incompatible',
			anden: 'restringido'
		},
		recuperacion: {
			zanja_infiltracion: 'compatible',
			forestacion: 'compatible',
			pastos_naturales: 'compatible',
			proteccion_manante: 'compatible',
			microreservorio: 'compatible',
			anden: 'compatible'
		},
		urbano_industrial: {
			zanja_infiltracion: 'restringido',
			forestacion: 'compatible',
			pastos_naturales: 'restringido',
			proteccion_manante: 'compatible',
			microreservorio: 'incompatible',
			anden: 'restringido'
		}
	},
	note: ZEE_COMPAT_NOTE
};

const level = z.enum(COMPAT_LEVELS);
const row = z.object(
	Object.fromEntries(INTERVENTION_TYPES.map((t) => [t, level])) as Record<InterventionType, typeof level>
);

/** Body of PUT /api/settings/zee-compat: every category × every type. */
export const zeeCompatValueSchema = z
	.object({
		matrix: z
			.object(Object.fromEntries(ZEE_CATEGORIAS.map((c) => [c, row])) as Record<ZeeCategoria, typeof row>)
			.strict(),
		note: z.string().max(2000).optional()
	})
	.strict();

export function compatOf(
	value: ZeeCompatValue | null | undefined,
	categoria: string,
	type: InterventionType
): CompatLevel {
	const r = (value?.matrix as Record<string, Record<string, CompatLevel>> | undefined)?.[categoria];
	return r?.[type] ?? 'compatible';
}
