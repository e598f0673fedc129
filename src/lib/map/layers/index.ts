import type { LayerStyle } from './types';
import { laguna } from './laguna';
import { quebradas } from './quebradas';
import { manantes } from './manantes';
import { microcuenca } from './microcuenca';
import { distrito, distritosVecinos } from './distrito';
import { comunidades } from './comunidades';
import { centrosPoblados } from './centrosPoblados';
import { zee } from './zee';
import { intervenciones } from './intervenciones';
import { importedStyle } from '../importedStyle';

/** One style per layer kind (one file each). Unknown kinds fall back to a neutral style. */
export const LAYER_STYLES: Record<string, LayerStyle> = {
	distrito,
	distritos_vecinos: distritosVecinos,
	centros_poblados: centrosPoblados,
	microcuenca,
	laguna,
	quebradas,
	manantes,
	comunidades,
	zee,
	intervenciones,
	/** layers brought in with the import wizard (`import-*`) */
	imported: importedStyle()
};

export function styleFor(kind: string): LayerStyle | undefined {
	return LAYER_STYLES[kind];
}

export type { LayerStyle, LegendSwatch } from './types';
