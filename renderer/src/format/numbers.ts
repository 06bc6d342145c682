/**
 * How figures are written in the app: the formats every view shares (shared/report/format.ts), under the short
 * names the screens use.
 */
export {
  formatPercent as percent,
  formatPointsDelta as pointsDelta,
  formatBytes as bytes,
  formatDuration as duration,
  formatMillis as millis,
  formatRatio as ratio,
  formatError as compact,
  formatCount as count,
  formatProbability as probability,
  formatFlops as flops,
} from '../../../shared/report/format.js';
