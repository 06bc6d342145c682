/**
 * What every generated program needs to know about the bundle it runs: its input, whether it has a top-k tail
 * (then it prints the ranked classes with their names) or not (then it prints a summary of each output), and
 * versions of the runtime packages it names.
 */
import type { CodeLanguage } from '../../../shared/contract/jobs/bundle.js';
import type { TensorSignature } from '../../../shared/model-info.js';
import { BUNDLE_INPUT, META, TOP_K_INDICES, TOP_K_SCORES } from '../bundle/build-bundle.js';

export interface ProgramPlan {
  /** File name of the bundle, for the READMEs' example commands. */
  bundleFile: string;
  input: string;
  topK: { scores: string; indices: string } | null;
  outputs: readonly TensorSignature[];
  classNamesKey: string;
  classNames: readonly string[] | null;
}

export interface GeneratedProgram {
  language: CodeLanguage;
  /** Files relative to the language's folder. */
  files: Record<string, string>;
  /** The command that builds (if needed) and runs it from that folder, on one image. */
  run: string;
}

/**
 * Registry packages the programs name, pinned. ONNX Runtime's Java and C# packages lag behind the Python wheel on
 * some registries; each is a version the registry serves.
 */
export const PACKAGES = {
  pythonOnnxruntime: '1.32.0',
  pillow: '11.3.0',
  numpy: '2.2.6',
  javaOnnxruntime: '1.23.2',
  csharpOnnxruntime: '1.32.0',
  imageSharp: '2.1.13',
  nodeOnnxruntime: '1.30.0',
  sharp: '0.35.5',
} as const;

export function programPlan(bundleFile: string, outputs: readonly TensorSignature[], hasTopK: boolean, classNames: readonly string[] | null): ProgramPlan {
  return {
    bundleFile,
    input: BUNDLE_INPUT,
    topK: hasTopK ? { scores: TOP_K_SCORES, indices: TOP_K_INDICES } : null,
    outputs,
    classNamesKey: META.classNames,
    classNames,
  };
}
