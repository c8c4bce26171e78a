// How headers and values are compared: case, spaces, punctuation and "&"/"and" do not
// matter ("Criminal Damage & Arson" = "criminal damage and arson" = "CRIMINAL_DAMAGE_AND_ARSON").
export function normaliseKey(text: string): string {
  return text
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9]+/g, '');
}
