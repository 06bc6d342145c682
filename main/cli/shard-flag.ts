/**
 * --shard k/N, or --shard auto for schedulers that number their workers: k from PARITY_SHARD_INDEX or, in a
 * Kubernetes Indexed Job, JOB_COMPLETION_INDEX; N from PARITY_SHARD_COUNT.
 */
import { ParityError } from '../../shared/errors.js';
import type { ShardSpec } from '../../shared/report/shards-section.js';

const HINT = 'Give --shard k/N with k = 0 … N−1 (e.g. --shard 0/4), or --shard auto with PARITY_SHARD_COUNT set.';

function whole(text: string | undefined): number | null {
  return text !== undefined && /^\d+$/.test(text.trim()) ? Number(text.trim()) : null;
}

function checked(index: number | null, count: number | null, given: string): ShardSpec {
  if (count === null || count < 1 || count > 100_000) throw new ParityError('BAD_OPTION', `--shard ${given}: the shard count must be a whole number from 1 to 100000.`, HINT);
  if (index === null || index >= count) {
    throw new ParityError('BAD_OPTION', `--shard ${given}: the shard index must be a whole number from 0 to ${count - 1}.`, HINT);
  }
  return { index, count };
}

/** The shard a --shard value names, reading the environment for `auto`. */
export function parseShardFlag(text: string, env: NodeJS.ProcessEnv = process.env): ShardSpec {
  if (text.trim() === 'auto') {
    const indexText = env['PARITY_SHARD_INDEX'] ?? env['JOB_COMPLETION_INDEX'];
    const countText = env['PARITY_SHARD_COUNT'];
    if (indexText === undefined) {
      throw new ParityError('BAD_OPTION', '--shard auto: neither PARITY_SHARD_INDEX nor JOB_COMPLETION_INDEX is set.', 'In a Kubernetes Indexed Job the index is set for you; elsewhere set PARITY_SHARD_INDEX.');
    }
    if (countText === undefined) throw new ParityError('BAD_OPTION', '--shard auto: PARITY_SHARD_COUNT is not set.', 'Set it to the number of shards (the Job\'s completions).');
    return checked(whole(indexText), whole(countText), `auto (index "${indexText}", count "${countText}")`);
  }
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  if (!match) throw new ParityError('BAD_OPTION', `--shard must be k/N or auto, got "${text}".`, HINT);
  return checked(whole(match[1]), whole(match[2]), text);
}
