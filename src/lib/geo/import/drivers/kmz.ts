/** KMZ driver: a zip holding doc.kml (or the first .kml); read with the zip caps, then as KML. */
import { ReadContext, extensionOf } from '../context';
import { ImportError } from '../errors';
import type { Driver } from '../types';
import { isZip, listZip, readZipAsync } from '../zip';
import { readKmlBytes } from './kml';

export const kmzDriver: Driver = {
	id: 'kmz',
	extensions: ['.kmz'],
	label: 'KMZ (Google Earth comprimido)',
	sniff(bytes, name) {
		if (!isZip(bytes)) return 0;
		try {
			const names = listZip(bytes).map((e) => extensionOf(e.name));
			if (names.includes('.kml')) return names.includes('.shp') ? 0.5 : 0.95;
			return /\.kmz$/i.test(name) ? 0.35 : 0.05;
		} catch {
			return /\.kmz$/i.test(name) ? 0.35 : 0.05;
		}
	},
	async read(bytes, opts) {
		const ctx = new ReadContext(opts);
		ctx.checkSize(bytes);
		if (!isZip(bytes)) throw new ImportError('IMPORT_ZIP_CORRUPT', { detail: 'no es un archivo ZIP' });
		const kmls = listZip(bytes)
			.filter((e) => e.safe && !e.isDir && extensionOf(e.name) === '.kml')
			.map((e) => e.name);
		if (kmls.length === 0) throw new ImportError('IMPORT_KMZ_NO_KML');
		const pick = kmls.find((n) => n.toLowerCase() === 'doc.kml') ?? kmls[0];
		const files = await readZipAsync(bytes, ctx, (n) => n === pick);
		const kml = files.get(pick as string);
		if (!kml) throw new ImportError('IMPORT_KMZ_NO_KML');
		return readKmlBytes(kml, opts, ctx, 'kmz');
	}
};
