import { fuzzParser } from './fuzz';

fuzzParser('gpx');
