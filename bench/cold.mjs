// One cold parse in a fresh process: node bench/cold.mjs FORMAT FILE (no output).
import { readFileSync } from 'node:fs';
import { parse } from '../dist/index.js';

parse(process.argv[2], readFileSync(process.argv[3], 'utf8'));
