import { fuzzParser } from './fuzz';

fuzzParser('csv');
