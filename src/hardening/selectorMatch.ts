/** Equality-based selector (Service.spec.selector) against a pod's labels. */
export function matchesSelector(
  selector: Record<string, string>,
  labels: Record<string, string> | undefined,
): boolean {
  return Object.entries(selector).every(([k, v]) => labels?.[k] === v)
}
