import type { ReactNode } from "react";

const STYLES = {
  success: "border-green-300 bg-green-50 text-green-900 dark:border-green-800 dark:bg-green-950 dark:text-green-100",
  error: "border-red-300 bg-red-50 text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-100",
};

/** The result of a form: role=status for news, role=alert for a problem (screen readers announce both). */
export function Notice({ kind, children }: { kind: keyof typeof STYLES; children: ReactNode }) {
  return (
    <p role={kind === "error" ? "alert" : "status"} className={`mt-4 rounded-md border p-3 ${STYLES[kind]}`}>
      {children}
    </p>
  );
}
