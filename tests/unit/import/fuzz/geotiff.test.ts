import { fuzzParser } from './fuzz';

fuzzParser('geotiff');
