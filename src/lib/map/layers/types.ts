import type { ExpressionSpecification, LayerSpecification } from 'maplibre-gl';

/** A legend swatch: plain data, drawn by the Legend component (which never imports maplibre). */
export interface LegendSwatch {
	shape: 'fill' | 'line' | 'circle' | 'drop';
	color: string;
	outline?: string;
	dash?: boolean;
	width?: number;
	/** i18n key for the entry's label; omitted → the layer's own title */
	labelKey?: string;
}

/** How one kind of layer is drawn. Map layers and legend come from the same constants. */
export interface LayerStyle {
	/** maplibre layers for a GeoJSON source; ids must start with `${prefix}` */
	layers(sourceId: string, prefix: string): LayerSpecification[];
	/** paint properties scaled by the user's opacity (layer id suffix → property → base value) */
	opacity: { suffix: string; prop: string; base: number | ExpressionSpecification }[];
	legend: LegendSwatch[];
	/** property used for labels and popup titles */
	labelProp?: string;
	/** suffixes of layers that answer clicks */
	interactive: string[];
}

export const FONT = ['Noto Sans'];
export const HALO = '#ffffff';
