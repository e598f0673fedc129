import type { LayerInfo } from '$lib/geo/layerKinds';

export interface LayerItem {
	info: LayerInfo;
	visible: boolean;
	opacity: number;
	/** null until fetched; 'error' with message if the GeoJSON could not be fetched */
	load: 'pending' | 'ok' | 'error';
	error?: string;
}

/** Kinds shown at first load (the rest can be switched on in the panel). */
const DEFAULT_HIDDEN = new Set(['distritos_vecinos']);

/** Layer list state: order (top of list = drawn on top), visibility, opacity. */
export class LayerState {
	items = $state<LayerItem[]>([]);

	/** Bottom-to-top ids, for the map's draw order. */
	drawOrder = $derived(
		this.items
			.map((i) => i.info.id)
			.slice()
			.reverse()
	);

	visibleIds = $derived(this.items.filter((i) => i.visible && i.info.status === 'ok').map((i) => i.info.id));

	set(infos: LayerInfo[], visibleFromUrl?: string[] | null): void {
		const sorted = infos.slice().sort((a, b) => b.drawOrder - a.drawOrder);
		this.items = sorted.map((info) => ({
			info,
			visible:
				info.status === 'ok' &&
				(visibleFromUrl ? visibleFromUrl.includes(info.id) : !DEFAULT_HIDDEN.has(info.kind)),
			opacity: 1,
			load: info.status === 'ok' ? 'pending' : 'error',
			error: info.message
		}));
	}

	/** A layer that does not come from the catalogue (e.g. the works layer), placed on top. */
	addDynamic(info: LayerInfo, visible: boolean): void {
		if (this.get(info.id)) return;
		this.items = [{ info, visible, opacity: 1, load: 'ok' }, ...this.items];
	}

	/**
	 * New catalogue metadata for layers already listed (e.g. after a layer was replaced by a DEM-derived one):
	 * provenance, badge and count change, the user's visibility, opacity and order stay.
	 */
	refreshInfos(infos: LayerInfo[]): void {
		for (const info of infos) {
			const it = this.get(info.id);
			if (it && JSON.stringify(it.info) !== JSON.stringify(info)) it.info = info;
		}
	}

	get(id: string): LayerItem | undefined {
		return this.items.find((i) => i.info.id === id);
	}

	toggle(id: string): void {
		const it = this.get(id);
		if (it) it.visible = !it.visible;
	}

	move(id: string, delta: -1 | 1): void {
		const i = this.items.findIndex((x) => x.info.id === id);
		const j = i + delta;
		if (i < 0 || j < 0 || j >= this.items.length) return;
		const copy = this.items.slice();
		const [moved] = copy.splice(i, 1);
		if (moved) copy.splice(j, 0, moved);
		this.items = copy;
	}
}
