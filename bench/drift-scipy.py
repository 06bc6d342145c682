"""Peer side of bench/drift-statistics.ts: the same measures with SciPy/NumPy on the same data, timed, each written
the fast NumPy way (vectorised quadratic forms for the permutation test, scipy.ndimage for the 3x3 filters).

Reads the JSON the TypeScript bench wrote (argv[1]), prints one JSON line: each measure's value and its time in ms.
"""
import json
import math
import sys
import time

import numpy as np
from PIL import Image
from scipy import stats
from scipy.ndimage import convolve
from scipy.spatial.distance import pdist, squareform


def psi(ref, field):
    ref = np.sort(ref)
    bins = max(2, min(10, min(len(ref), len(field)) // 20))
    cuts = np.unique(np.quantile(ref, np.arange(1, bins) / bins))
    r = np.bincount(np.searchsorted(cuts, ref, side='left'), minlength=len(cuts) + 1) / len(ref)
    f = np.bincount(np.searchsorted(cuts, field, side='left'), minlength=len(cuts) + 1) / len(field)
    r, f = np.maximum(r, 1e-4), np.maximum(f, 1e-4)
    return float(np.sum((f - r) * np.log(f / r)))


def mmd(x, y, perms):
    z = np.vstack([x, y])
    m, n = len(x), len(y)
    d = pdist(z)
    sigma = float(np.median(d))
    k = np.exp(-squareform(d) ** 2 / (2 * sigma * sigma))
    np.fill_diagonal(k, 0)

    def stat(idx):
        # Three quadratic forms of the indicator vectors: O(N^2) per permutation, vectorised.
        a = np.zeros(m + n)
        a[idx[:m]] = 1
        b = 1 - a
        ka = k @ a
        return a @ ka / (m * (m - 1)) + b @ (k @ b) / (n * (n - 1)) - 2 * (b @ ka) / (m * n)

    observed = stat(np.arange(m + n))
    rng = np.random.default_rng(0)
    count = sum(stat(rng.permutation(m + n)) >= observed for _ in range(perms))
    return float(observed), sigma, (1 + count) / (1 + perms)


def pixels(path):
    rgb = np.asarray(Image.open(path).convert('RGB'), dtype=np.float64)
    y = rgb @ np.array([0.299, 0.587, 0.114])
    mx, mn = rgb.max(axis=2), rgb.min(axis=2)
    sat = np.where(mx > 0, (mx - mn) / np.where(mx > 0, mx, 1), 0).mean()
    lap = convolve(y, np.array([[0.0, 1, 0], [1, -4, 1], [0, 1, 0]]))[1:-1, 1:-1].var()
    imm = np.abs(convolve(y, np.array([[1.0, -2, 1], [-2, 4, -2], [1, -2, 1]]))[1:-1, 1:-1]).sum()
    return y.mean(), y.std(), sat, lap, math.sqrt(math.pi / 2) * imm / (6 * (y.shape[0] - 2) * (y.shape[1] - 2))


def timed(fn):
    t = time.perf_counter()
    value = fn()
    return value, (time.perf_counter() - t) * 1000


def main():
    data = json.load(open(sys.argv[1]))
    a, b = np.array(data['a']), np.array(data['b'])
    x, y = np.array(data['x']), np.array(data['y'])
    out = {}
    ks, out['ksMs'] = timed(lambda: stats.ks_2samp(a, b))
    out['ks'], out['pValue'] = float(ks.statistic), float(ks.pvalue)
    out['psi'], out['psiMs'] = timed(lambda: psi(a, b))
    (out['mmd2'], out['bandwidth'], out['mmdP']), out['mmdMs'] = timed(lambda: mmd(x, y, data['permutations']))
    px, out['pixelsMs'] = timed(lambda: [pixels(p) for p in data['images']])
    out['sharpness'] = [float(p[3]) for p in px]
    print(json.dumps(out))


main()
