import { useFetcher } from "@remix-run/react";
import { type RefObject, useCallback, useEffect, useRef } from "react";
import type { action } from "./route";

/** Posts the form as a preview to this route's action, at most every 400 ms while typing. */
export function useLivePreview(formRef: RefObject<HTMLFormElement | null>, formKey: string) {
  const fetcher = useFetcher<typeof action>();
  const submit = useRef(fetcher.submit);
  submit.current = fetcher.submit;
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const schedule = useCallback(
    (delay = 400) => {
      clearTimeout(timer.current);
      timer.current = setTimeout(() => {
        if (!formRef.current) return;
        const body = new FormData(formRef.current);
        body.set("intent", "preview");
        submit.current(body, { method: "post" });
      }, delay);
    },
    [formRef],
  );
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new form (formKey) needs a new preview.
  useEffect(() => {
    schedule(0);
    return () => clearTimeout(timer.current);
  }, [schedule, formKey]);
  return { fetcher, schedule };
}
