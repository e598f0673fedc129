import { fuzzParser } from './fuzz';

fuzzParser('geojson');
