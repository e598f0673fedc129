/** ESRI-style .prj texts (as GDAL 3.6 writes them) for the CRS yaku exports to. */
import type { ExportEpsg } from './types';

const GCS_WGS84 =
	'GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]';

function utmSouth(zone: 18 | 19): string {
	const cm = -183 + 6 * zone;
	return `PROJCS["WGS_1984_UTM_Zone_${zone}S",${GCS_WGS84},PROJECTION["Transverse_Mercator"],PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",10000000.0],PARAMETER["Central_Meridian",${cm}.0],PARAMETER["Scale_Factor",0.9996],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]`;
}

export function prjFor(epsg: ExportEpsg): string {
	return epsg === 4326 ? GCS_WGS84 : utmSouth(epsg === 32718 ? 18 : 19);
}
