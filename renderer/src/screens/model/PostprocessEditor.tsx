/**
 * A detector's post-processing spec (what --postprocess post.json holds): edited as JSON, checked against the
 * schema, with the spec the output shapes suggest offered as a guess. Runs of a model with a spec compare detections.
 */
import { useEffect, useState } from 'react';
import type { ModelInfo } from '../../../../shared/model-info.js';
import { PostprocessSpecSchema, type PostprocessSpec } from '../../../../shared/postprocess.js';
import { proposePostprocess } from '../../../../shared/propose-postprocess.js';
import { Button } from '../../components/Button.js';

const EXAMPLE = '{"kind": "yolo", "scoreThreshold": 0.25, "iouThreshold": 0.45, "classes": ["person", "car"]}';

/** The text as a spec, or the first problem with it in words. */
function parseSpec(text: string): { spec: PostprocessSpec } | { problem: string } {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return { problem: 'This is not valid JSON.' };
  }
  const parsed = PostprocessSpecSchema.safeParse(data);
  if (parsed.success) return { spec: parsed.data };
  const issue = parsed.error.issues[0];
  return { problem: `Not a post-processing spec: ${issue ? `${issue.path.join('.') || 'spec'}: ${issue.message}` : 'invalid'}.` };
}

const pretty = (spec: unknown): string => JSON.stringify(spec, null, 2);

export function PostprocessEditor({ info, spec, onChange }: { info: ModelInfo; spec: PostprocessSpec | null; onChange: (spec: PostprocessSpec | null) => void }) {
  const proposal = proposePostprocess(info.inputs, info.outputs);
  const [text, setText] = useState(spec ? pretty(spec) : '');
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => {
    setText(spec ? pretty(spec) : '');
    setProblem(null);
  }, [spec]);

  const apply = () => {
    if (text.trim() === '') {
      onChange(null);
      return;
    }
    const result = parseSpec(text);
    if ('problem' in result) setProblem(result.problem);
    else onChange(result.spec);
  };

  return (
    <div className="postprocess-editor">
      <p className="muted">
        {spec
          ? `Runs compare this model's ${spec.kind === 'detections' ? 'final detections' : 'outputs as detections'}: boxes, classes and scores matched between the two models.`
          : 'No spec: runs compare the outputs as tensors. A detector compared as detections says how many objects the candidate misses.'}
      </p>
      {proposal && (
        <div className="proposal" role="note" aria-label="Proposed post-processing">
          <div>
            <strong>Proposed from the output shapes — a guess.</strong> {proposal.reading}. Check it and add thresholds and class names.
          </div>
          <code>{JSON.stringify(proposal.spec)}</code>
          <Button size="sm" onClick={() => setText(pretty(proposal.spec))}>
            Use the guess
          </Button>
        </div>
      )}
      <label className="field-label" htmlFor="postprocess-json">
        Post-processing spec (JSON, as in post.json)
      </label>
      <textarea
        id="postprocess-json"
        rows={8}
        spellCheck={false}
        value={text}
        placeholder={EXAMPLE}
        aria-invalid={problem !== null}
        aria-describedby={problem ? 'postprocess-problem' : undefined}
        onChange={(e) => {
          setText(e.target.value);
          setProblem(null);
        }}
      />
      {problem && (
        <p className="field-error" id="postprocess-problem" role="alert">
          {problem}
        </p>
      )}
      <div className="row">
        <Button variant="primary" size="sm" onClick={apply}>
          {text.trim() === '' ? 'Compare as tensors' : 'Apply'}
        </Button>
        {spec && (
          <Button size="sm" onClick={() => onChange(null)}>
            Remove
          </Button>
        )}
      </div>
    </div>
  );
}
