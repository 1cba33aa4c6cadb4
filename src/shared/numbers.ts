// Numbers as the product writes them: "12,000 characters". Without Intl: toLocaleString loads the
// ICU locale data on its first call (~7 ms), which a message built at start-up would make part of
// the activation time.

/** `n` with a comma between each group of three digits and at most three decimals, as en-US writes it. */
export function formatCount(n: number): string {
  const rounded = Math.round(n * 1000) / 1000;
  const [whole, fraction] = String(Math.abs(rounded)).split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+$)/g, ',');
  return `${rounded < 0 ? '-' : ''}${grouped}${fraction ? `.${fraction}` : ''}`;
}
