import { fuzzParser } from './fuzz';

fuzzParser('kml');
