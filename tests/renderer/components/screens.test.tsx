/**
 * The screens' logic, rendered with react-dom/server from a real report (the HTML fixture's classifier run renamed
 * to ImageNet classes) and real app state: what the Start, Run and Results screens show for a given state.
 */
import { renderToStaticMarkup } from 'react-dom/server';
import { beforeEach, describe, expect, it } from 'vitest';
import type { ModelInfo } from '../../../shared/model-info.js';
import type { ParityReport } from '../../../shared/report/report.js';
import { appStore } from '../../../renderer/src/state/app-state.js';
import { EMPTY_PROJECT } from '../../../renderer/src/state/project.js';
import { ProjectSummary } from '../../../renderer/src/screens/start/ProjectSummary.js';
import { RunScreen } from '../../../renderer/src/screens/run/RunScreen.js';
import { TopKColumns } from '../../../renderer/src/screens/results/TopKColumns.js';
import { FlipGallery } from '../../../renderer/src/screens/results/FlipGallery.js';
import { CorruptionErrors } from '../../../renderer/src/screens/results/CorruptionErrors.js';
import { imageRows } from '../../../renderer/src/screens/results/image-rows.js';
import { ImageViewer } from '../../../renderer/src/screens/results/ImageViewer.js';
import { buildDetectorReport } from '../../engine/report/html/fixtures/build-detector-report.js';
import { buildClassifierReport } from '../../engine/report/html/fixtures/build-report.js';
import { LONG_CLASSES } from '../../helpers/imagenet-like.js';

const MODEL = '/models/mobilenet_v2_1.0_224.onnx';

function modelInfo(classDim: number | string): ModelInfo {
  return {
    path: MODEL,
    inputs: [{ name: 'input', dtype: 'float32', shape: [1, 3, 224, 224] }],
    outputs: [{ name: 'probabilities', dtype: 'float32', shape: [1, classDim] }],
    opsetImports: [{ domain: '', version: 13 }],
    irVersion: 8,
    producer: { name: 'tf2onnx', version: '1.16' },
    nodeCount: 155,
    opHistogram: { Conv: 52 },
    parameterCount: 3_500_000,
    initializerBytes: 14_000_000,
    fileSizeBytes: 14_000_000,
    externalDataBytes: 0,
    flops: 600_000_000,
    flopsUnknownNodes: 0,
    metadata: {},
    initializerInputs: 0,
    proposedPreprocess: null,
  };
}

function project(labelCount: number | null, classDim: number | string = 1000): void {
  appStore.set({
    project: { ...EMPTY_PROJECT, model: MODEL, images: '/data/val', labels: '/data/imagenet-999.txt' },
    inspection: { model: MODEL, jobId: null, info: modelInfo(classDim), error: null },
    imagesCheck: { path: '/data/val', imageCount: 200, isDirectory: true, problem: null },
    labelsCheck: { path: '/data/imagenet-999.txt', count: labelCount, problem: null },
  });
}

/** The fixture's classifier report with its classes named after ImageNet breeds. */
function imagenetReport(): ParityReport {
  const report = buildClassifierReport({ robustness: true });
  const names = [LONG_CLASSES[0], LONG_CLASSES[3]] as string[];
  const rename = (label: string | null): string | null => (label === null ? null : names[Number(label === '180')]!);
  const named = (entries: ParityReport['perImage'][number]['reference']['topK']) => entries.map((e) => ({ ...e, label: names[e.index]! }));
  return {
    ...report,
    labels: { path: 'imagenet.txt', classes: names },
    perImage: report.perImage.map((r) => ({ ...r, label: rename(r.label), reference: { topK: named(r.reference.topK) }, candidate: { topK: named(r.candidate.topK) } })),
  };
}

beforeEach(() => appStore.set({ project: EMPTY_PROJECT, inspection: null, imagesCheck: null, labelsCheck: null, jobs: {}, savedVariants: [] }));

describe('Start: the project summary', () => {
  it('refuses labels one short of the model\'s classes, naming both counts, and holds the next step', () => {
    project(999);
    const html = renderToStaticMarkup(<ProjectSummary />);
    expect(html).toContain('The labels file imagenet-999.txt names 999 classes but the model&#x27;s output &quot;probabilities&quot; has 1,000 classes.');
    expect(html).toMatch(/<button[^>]*disabled=""[^>]*title="The labels do not fit the model"/);
    expect(html).toContain('999 classes');
  });

  it('accepts labels that fit, and warns when the model\'s class count is symbolic', () => {
    project(1000);
    expect(renderToStaticMarkup(<ProjectSummary />)).not.toContain('role="alert"');
    project(1000, 'num_classes');
    const html = renderToStaticMarkup(<ProjectSummary />);
    expect(html).not.toContain('role="alert"');
    expect(html).toContain('has no fixed class count: the 1,000 classes of imagenet-999.txt can only be checked against the first image');
  });
});

describe('Run: the labels check before a run starts', () => {
  it('shows the refusal and disables Run while the labels do not fit', () => {
    project(999);
    appStore.set({ project: { ...appStore.get().project, extraCandidates: ['/models/mobilenet_v2.int8.onnx'] } });
    const html = renderToStaticMarkup(<RunScreen />);
    expect(html).toContain('names 999 classes but the model');
    expect(html).toMatch(/<button[^>]*disabled=""[^>]*>.*Run /s);
  });
});

describe('Results: names read whole', () => {
  it('marks the ground truth in both top-k lists and never cuts a class name', () => {
    const report = imagenetReport();
    const row = report.perImage.find((r) => r.label === LONG_CLASSES[0])!;
    const html = renderToStaticMarkup(<TopKColumns reference={row.reference.topK} candidate={row.candidate.topK} classes={report.labels!.classes} label={row.label} />);
    expect(html).toContain('<li class="is-truth"><span class="topk-name" title="American Staffordshire terrier">American Staffordshire terrier<span class="sr-only"> (ground truth)</span>');
    expect(html).not.toContain('truncate');
  });

  it('captions each flip with both models\' whole class names, one line each', () => {
    const report = imagenetReport();
    const rows = imageRows(report);
    const html = renderToStaticMarkup(<FlipGallery runId="r" report={report} rows={rows} selectedKey={null} onSelect={() => undefined} />);
    const flips = rows.filter((r) => r.agree === false);
    expect(flips.length).toBeGreaterThan(0);
    expect(html).toContain(`Clean flips (${flips.length})`);
    const first = flips.sort((a, b) => b.disagreement - a.disagreement)[0]!;
    expect(html).toContain(`aria-label="reference ${first.referenceClass}, candidate ${first.candidateClass}"`);
    expect(html).toContain(`<span class="cand-ink" title="candidate: ${first.candidateClass}">→ ${first.candidateClass}</span>`);
  });

  it('lists corruption errors per perturbation in the shared table, worst marked', () => {
    const report = imagenetReport();
    const html = renderToStaticMarkup(<CorruptionErrors report={report} />);
    expect(html).toContain('aria-label="Corruption error per perturbation"');
    for (const name of ['Gaussian noise', 'Defocus blur', 'Fog']) expect(html).toContain(`<td class="cell-wrap">${name}</td>`);
    // CE above 1.05 (the candidate errs clearly more than the reference) is marked.
    const worse = Object.values(report.robustness!.corruptionError).filter((v) => (v ?? 0) > 1.05).length;
    expect(html.match(/<span class="bad">/g)?.length ?? 0).toBe(worse);
  });

  it('offers the difference map for a detector and the full-size view for every model', () => {
    const detector = buildDetectorReport(4);
    const rows = imageRows(detector);
    const html = renderToStaticMarkup(<ImageViewer runId="r" report={detector} selection={{ key: 'clean:0', row: rows[0]!, perturbation: null }} onStep={() => undefined} />);
    expect(html).toMatch(/aria-pressed="false"[^>]*>.*Difference map/s);
    expect(html).toContain('Full size');
    const classifier = imagenetReport();
    const cls = renderToStaticMarkup(<ImageViewer runId="r" report={classifier} selection={{ key: 'clean:0', row: imageRows(classifier)[0]!, perturbation: null }} onStep={() => undefined} />);
    expect(cls).not.toContain('Difference map');
    expect(cls).toContain('Full size');
  });
});
