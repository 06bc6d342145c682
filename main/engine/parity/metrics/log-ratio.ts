/**
 * ln((1+u)/(1−u)) = 2·atanh(u) for |u| ≤ 1/8 as an inline polynomial. Math.log is a call into C that costs
 * several times more, and the divergence loops need two logs per class on rows up to 6625 classes long, mostly
 * with p ≈ q, where any ratio p/q is (1+u)/(1−u) with u = (p−q)/(p+q) small. Nine odd terms leave a relative
 * error below 1e-16 (the first omitted term is u^19/19 ≤ 8^-18/19 relative to u).
 */
export const LOG_RATIO_NEAR_LIMIT = 1 / 8;

/** ln((1+u)/(1−u)) for |u| ≤ LOG_RATIO_NEAR_LIMIT (callers check the bound). */
export function logRatioNear(u: number): number {
  const u2 = u * u;
  return (
    2 *
    u *
    (1 +
      u2 *
        (1 / 3 +
          u2 *
            (1 / 5 +
              u2 * (1 / 7 + u2 * (1 / 9 + u2 * (1 / 11 + u2 * (1 / 13 + u2 * (1 / 15 + u2 * (1 / 17)))))))))
  );
}
