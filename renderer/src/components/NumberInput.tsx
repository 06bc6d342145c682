/** A number input that lets the user type freely ("0.", "-") and reports only valid numbers (or null when empty). */
import { useEffect, useState, type InputHTMLAttributes } from 'react';

export function NumberInput({
  value,
  onValue,
  integer = false,
  min,
  max,
  ...rest
}: Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange' | 'min' | 'max'> & {
  value: number | null;
  onValue: (value: number | null) => void;
  integer?: boolean;
  min?: number;
  max?: number;
}) {
  const [text, setText] = useState(value === null ? '' : String(value));
  useEffect(() => {
    // Follow outside changes (presets, reset) unless the text already means that value.
    setText((current) => (parse(current) === value ? current : value === null ? '' : String(value)));
  }, [value]);

  function parse(s: string): number | null {
    if (s.trim() === '') return null;
    const n = Number(s);
    return Number.isFinite(n) ? n : NaN;
  }

  const n = parse(text);
  const invalid = n !== null && (Number.isNaN(n) || (integer && !Number.isInteger(n)) || (min !== undefined && n < min) || (max !== undefined && n > max));

  return (
    <input
      {...rest}
      type="text"
      inputMode={integer ? 'numeric' : 'decimal'}
      className={`input input-num${rest.className ? ` ${rest.className}` : ''}`}
      aria-invalid={invalid || rest['aria-invalid'] || undefined}
      value={text}
      onChange={(e) => {
        setText(e.target.value);
        const v = parse(e.target.value);
        if (v === null) onValue(null);
        else if (!Number.isNaN(v) && (!integer || Number.isInteger(v)) && (min === undefined || v >= min) && (max === undefined || v <= max)) onValue(v);
      }}
    />
  );
}
