/**
 * An engine reply with every lesion id replaced by the lesion's label: two reads of the same lesions
 * under different ids (an SR import gives them tracking UIDs) compare by what a reader sees. Ids are
 * unique strings, so replacing them as whole JSON strings is exact. Test-only.
 */
export function namedByLabel<T>(reply: T, lesions: readonly { readonly id: string; readonly label: string }[]): T {
  let text = JSON.stringify(reply);
  for (const lesion of lesions) text = text.split(JSON.stringify(lesion.id)).join(JSON.stringify(lesion.label));
  return JSON.parse(text) as T;
}
