/** useState that survives a reload: the value is kept in local storage under `key`, validated when read back. */
import { useEffect, useState } from 'react';
import type { z } from 'zod';

function storage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

export function usePersistentState<T>(key: string, schema: z.ZodType<T>, initial: T): [T, (value: T) => void] {
  const [value, setValue] = useState<T>(() => {
    try {
      const raw = storage()?.getItem(key);
      if (raw === null || raw === undefined) return initial;
      const parsed = schema.safeParse(JSON.parse(raw));
      return parsed.success ? parsed.data : initial;
    } catch {
      return initial;
    }
  });
  useEffect(() => {
    try {
      storage()?.setItem(key, JSON.stringify(value));
    } catch {
      // storage full or disabled: the value lasts as long as the page
    }
  }, [key, value]);
  return [value, setValue];
}
