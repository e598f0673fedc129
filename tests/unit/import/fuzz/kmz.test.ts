import { fuzzParser } from './fuzz';

fuzzParser('kmz');
