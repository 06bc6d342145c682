/** Numbers in terminal output: the formats every view shares, with large counts shortened ("1.23 M") to fit a line. */
export { formatBytes, formatShortCount as formatCount } from '../../../shared/report/format.js';
