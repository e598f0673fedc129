import type { Geometry } from 'geojson';

/** What the drawing tool reports: the sketch geometry, whether it is finished, and undo/redo availability. */
export class SketchState {
	geometry = $state.raw<Geometry | null>(null);
	finished = $state(false);
	canUndo = $state(false);
	canRedo = $state(false);

	callbacks() {
		return {
			onChange: (g: Geometry | null) => (this.geometry = g),
			onFinish: (g: Geometry) => {
				this.geometry = g;
				this.finished = true;
			},
			onHistory: (u: boolean, r: boolean) => {
				this.canUndo = u;
				this.canRedo = r;
			}
		};
	}

	reset(finished = false): void {
		this.geometry = null;
		this.finished = finished;
	}
}
