"""Dev-time oracle for the drift statistics (not run by the tests): writes tests/fixtures/drift/oracle.json.

Independent figures from SciPy and NumPy on seeded data and on real sample images:
- KS: scipy.stats.ks_2samp(a, b) (two-sided, method 'auto': exact up to 10,000 values per side);
- PSI: the textbook formula sum((f - r) * ln(f / r)) over bins cut at the reference's deciles (np.quantile,
  'linear'), fewer bins for small samples (min(10, max(2, min(n_r, n_f) // 20))), empty shares floored at 1e-4;
- MMD: unbiased MMD^2 with an RBF kernel, sigma = median pairwise distance of the pooled sample (pdist), and the
  permutation p-value with the same permutations (mulberry32 + Fisher-Yates, as shared/seeded-random.ts);
- pixel statistics of real PNGs decoded by Pillow (luma mean/std, HSV saturation, Laplacian variance, Immerkaer
  noise, CIELAB a*/b* of the mean linear colour).
Run from the repository root: /work/venv/bin/python bench/drift-reference.py
"""
import json
import math

import numpy as np
from PIL import Image
from scipy import stats
from scipy.signal import convolve2d
from scipy.spatial.distance import pdist, squareform


def mulberry32(seed):
    a = seed & 0xFFFFFFFF

    def imul(x, y):
        return (x * y) & 0xFFFFFFFF

    def nxt():
        nonlocal a
        a = (a + 0x6D2B79F5) & 0xFFFFFFFF
        t = imul(a ^ (a >> 15), a | 1)
        t ^= (t + imul(t ^ (t >> 7), t | 61)) & 0xFFFFFFFF
        return ((t ^ (t >> 14)) & 0xFFFFFFFF) / 4294967296

    return nxt


def psi(ref, field):
    ref = np.sort(np.asarray(ref, dtype=np.float64))
    field = np.asarray(field, dtype=np.float64)
    bins = max(2, min(10, min(len(ref), len(field)) // 20))
    cuts = []
    for k in range(1, bins):
        c = float(np.quantile(ref, k / bins))
        if not cuts or c > cuts[-1]:
            cuts.append(c)
    cuts = np.array(cuts)
    r = np.bincount(np.searchsorted(cuts, ref, side='left'), minlength=len(cuts) + 1) / len(ref)
    f = np.bincount(np.searchsorted(cuts, field, side='left'), minlength=len(cuts) + 1) / len(field)
    r = np.maximum(r, 1e-4)
    f = np.maximum(f, 1e-4)
    return float(np.sum((f - r) * np.log(f / r))), len(cuts) + 1


def mmd(x, y, permutations, seed):
    z = np.vstack([x, y])
    m, n = len(x), len(y)
    d = pdist(z)
    sigma = float(np.median(d))
    k = np.exp(-squareform(d) ** 2 / (2 * sigma * sigma))

    def stat(in_x):
        kx = k[np.ix_(in_x, in_x)]
        ky = k[np.ix_(~in_x, ~in_x)]
        kxy = k[np.ix_(in_x, ~in_x)]
        return (kx.sum() - np.trace(kx)) / (m * (m - 1)) + (ky.sum() - np.trace(ky)) / (n * (n - 1)) - 2 * kxy.mean()

    labels = np.arange(m + n) < m
    observed = stat(labels)
    rnd = mulberry32(seed)
    at_least = 0
    for _ in range(permutations):
        order = list(range(m + n))
        for i in range(m + n - 1, 0, -1):
            j = math.floor(rnd() * (i + 1))
            order[i], order[j] = order[j], order[i]
        in_x = np.zeros(m + n, dtype=bool)
        in_x[order[:m]] = True
        if stat(in_x) >= observed:
            at_least += 1
    return {'mmd2': float(observed), 'bandwidth': sigma, 'pValue': (1 + at_least) / (1 + permutations)}


def pixel_stats(path):
    rgb = np.asarray(Image.open(path).convert('RGB'), dtype=np.float64)
    r, g, b = rgb[..., 0], rgb[..., 1], rgb[..., 2]
    y = 0.299 * r + 0.587 * g + 0.114 * b
    mx = rgb.max(axis=2)
    mn = rgb.min(axis=2)
    sat = np.where(mx > 0, (mx - mn) / np.where(mx > 0, mx, 1), 0)
    lap = convolve2d(y, np.array([[0, 1, 0], [1, -4, 1], [0, 1, 0]]), mode='valid')
    imm = convolve2d(y, np.array([[1, -2, 1], [-2, 4, -2], [1, -2, 1]]), mode='valid')
    h, w = y.shape
    c = rgb / 255
    lin = np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4).reshape(-1, 3).mean(axis=0)
    m = np.array([[0.4124564, 0.3575761, 0.1804375], [0.2126729, 0.7151522, 0.0721750], [0.0193339, 0.1191920, 0.9503041]])
    xyz = m @ lin / np.array([0.95047, 1.0, 1.08883])
    f = np.where(xyz > 216 / 24389, np.cbrt(xyz), xyz / (3 * (6 / 29) ** 2) + 4 / 29)
    return {
        'brightness': float(y.mean()),
        'contrast': float(y.std()),
        'saturation': float(sat.mean()),
        'sharpness': float(lap.var()),
        'noise': float(math.sqrt(math.pi / 2) * np.abs(imm).sum() / (6 * (w - 2) * (h - 2))),
        'colorCastA': float(500 * (f[0] - f[1])),
        'colorCastB': float(200 * (f[1] - f[2])),
    }


def main():
    rng = np.random.default_rng(20261202)
    pairs = []
    shapes = [
        ('equal sizes, no shift', 60, 60, 0.0, False),
        ('equal sizes, shifted', 80, 80, 0.5, False),
        ('unequal sizes, no shift', 137, 211, 0.0, False),
        ('unequal sizes, shifted', 150, 90, 0.35, False),
        ('ties (integer values)', 120, 75, 0.3, True),
        ('large, small shift', 3000, 2000, 0.08, False),
        ('tiny', 7, 5, 1.0, False),
    ]
    for name, n1, n2, shift, ties in shapes:
        a = rng.normal(0, 1, n1)
        b = rng.normal(shift, 1.2 if shift else 1, n2)
        if ties:
            a = np.round(a * 3)
            b = np.round(b * 3)
        ks = stats.ks_2samp(a, b)
        value, bins = psi(a, b)
        pairs.append({'name': name, 'reference': a.round(6).tolist(), 'field': b.round(6).tolist(),
                      'ks': float(ks.statistic), 'pValue': float(ks.pvalue), 'psi': value, 'psiBins': bins})
    # The arrays are stored rounded; recompute the figures from the stored values exactly.
    for p in pairs:
        a = np.array(p['reference'])
        b = np.array(p['field'])
        ks = stats.ks_2samp(a, b)
        p['ks'], p['pValue'] = float(ks.statistic), float(ks.pvalue)
        p['psi'], p['psiBins'] = psi(a, b)
    x = rng.normal(0, 1, (40, 8))
    y = rng.normal(0.3, 1, (30, 8))
    same = rng.normal(0, 1, (35, 8))
    mmd_cases = [
        {'name': 'shifted', 'x': x.round(6).tolist(), 'y': y.round(6).tolist(), 'permutations': 200, 'seed': 7},
        {'name': 'same distribution', 'x': x.round(6).tolist(), 'y': same.round(6).tolist(), 'permutations': 200, 'seed': 3},
    ]
    for c in mmd_cases:
        c.update(mmd(np.array(c['x']), np.array(c['y']), c['permutations'], c['seed']))
    images = ['samples/orientation/images/0/line-000.png', 'samples/orientation/images/180/line-017.png', 'samples/documents/images/page-03.png']
    pixels = [{'path': p, **pixel_stats(p)} for p in images]
    out = {'source': 'bench/drift-reference.py', 'scipy': __import__('scipy').__version__, 'numpy': np.__version__,
           'twoSample': pairs, 'mmd': mmd_cases, 'pixels': pixels}
    with open('tests/fixtures/drift/oracle.json', 'w') as fh:
        json.dump(out, fh, indent=1)
        fh.write('\n')


if __name__ == '__main__':
    main()
