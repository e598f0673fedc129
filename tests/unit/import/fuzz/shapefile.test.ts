import { fuzzParser } from './fuzz';

fuzzParser('shapefile');
