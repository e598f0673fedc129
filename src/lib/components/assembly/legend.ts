/** One row of the assembly legend (big swatch + label). */
export interface AssemblyLegendEntry {
	key: string;
	label: string;
	shape: 'fill' | 'line' | 'circle' | 'drop';
	color: string;
	dash?: boolean;
	illustrative?: boolean;
}
