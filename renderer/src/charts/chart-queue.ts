/**
 * Draws charts one at a time with a pause between them: a results page that brings several charts into view
 * runs several tasks of one chart each, so input and painting get a turn in between.
 */
let tail: Promise<void> = Promise.resolve();

/** Runs `draw` after the charts queued before it, yielding to the browser first. */
export function queueChart<T>(draw: () => Promise<T>): Promise<T> {
  const run = tail.then(() => new Promise<void>((resolve) => setTimeout(resolve, 0))).then(draw);
  tail = run.then(
    () => undefined,
    () => undefined,
  );
  return run;
}
