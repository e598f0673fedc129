/** Popup content built with DOM nodes and textContent only: attribute values are never parsed as HTML. */
export interface PopupText {
	layerTitle: (kind: string) => string;
	fieldLabel: (field: string) => string;
	value: (field: string, value: unknown) => string;
	illustrative: string;
	empty: string;
}

const HIDDEN = new Set(['illustrative', 'id']);

export function buildPopupContent(
	kind: string,
	props: Record<string, unknown>,
	t: PopupText,
	labelProp?: string
): HTMLElement {
	const root = document.createElement('div');
	root.className = 'yaku-popup-body';
	root.setAttribute('role', 'dialog');
	const kicker = document.createElement('div');
	kicker.className = 'kicker';
	kicker.textContent = t.layerTitle(kind);
	root.append(kicker);
	const titleValue = labelProp ? props[labelProp] : undefined;
	if (titleValue !== undefined && titleValue !== null && titleValue !== '') {
		const h = document.createElement('h3');
		h.textContent = String(titleValue);
		root.append(h);
	}
	const illustrative = props.illustrative === true || props.illustrative === 'true';
	if (illustrative) {
		const note = document.createElement('p');
		note.className = 'illustrative';
		note.textContent = t.illustrative;
		root.append(note);
	}
	const table = document.createElement('table');
	let rows = 0;
	for (const [k, v] of Object.entries(props)) {
		if (HIDDEN.has(k) || k === labelProp) continue;
		const tr = document.createElement('tr');
		const th = document.createElement('th');
		th.scope = 'row';
		th.textContent = t.fieldLabel(k);
		const td = document.createElement('td');
		td.textContent = t.value(k, v);
		tr.append(th, td);
		table.append(tr);
		rows++;
	}
	if (rows > 0) root.append(table);
	else if (!titleValue) {
		const p = document.createElement('p');
		p.textContent = t.empty;
		root.append(p);
	}
	return root;
}
